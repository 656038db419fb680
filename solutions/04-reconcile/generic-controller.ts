import { realClock, type Clock, type RateLimitingWorkQueue, type TimerHandle } from '../03-workqueue/index.js';
import { errorFields } from '../00-common/api-errors.js';
import { silentLogger, withFields, type Logger } from '../00-common/logger.js';

/**
 * What a reconcile asks of the controller when it succeeds (controller-runtime's
 * `reconcile.Result`, kube-rs's `Action`). Nothing (or `{}`): done, the key comes
 * back only with the next event or resync. `{ requeueAfter: ms }`: look at this
 * key again in `ms`, e.g. to poll something outside the cluster, or to renew a
 * certificate before it expires — a plan, not a failure, so no backoff.
 */
export interface Result {
  requeueAfter?: number;
}

/**
 * The business logic, apart from the machinery that calls it
 * (controller-runtime's `reconcile.Reconciler`). Given a key, make the world
 * match what it should be; throw to be retried with backoff, throw a
 * TerminalError to give up on this key. `signal` is aborted when the
 * controller stops (Go's `ctx`): hand it to long waits and requests.
 */
export interface Reconciler<K> {
  reconcile(key: K, signal?: AbortSignal): Promise<Result | void>;
}

/** One reconcile call, as the workers make it; stage 7 wraps it to count and time each result. */
export type ReconcileFunc<K> = (key: K, signal?: AbortSignal) => Promise<Result | void>;

/**
 * An error that retrying cannot fix — an invalid spec, a permission the
 * controller will never have (controller-runtime's `reconcile.TerminalError`).
 * The controller logs it and forgets the key: no retry, no backoff. A later
 * change to the object queues the key again through the handlers.
 */
export class TerminalError extends Error {
  override name = 'TerminalError';
}

/** True for a TerminalError, or an error caused by one (Go's `errors.Is(err, reconcile.TerminalError(nil))`). */
export function isTerminalError(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) if (e instanceof TerminalError) return true;
  return false;
}

/** Why requests were cut off: abort(reason) or a stop() whose grace period ran out. */
export class ControllerStoppedError extends Error {
  override name = 'ControllerStoppedError';
}

export interface ControllerOptions<K> {
  /** For logs: which controller this is. */
  name: string;
  /** Where the event handlers put keys; the controller's workers take them off. */
  queue: RateLimitingWorkQueue<K>;
  reconciler: Reconciler<K>;
  /** How many keys are reconciled at once (controller-runtime's MaxConcurrentReconciles). Never the same key twice. */
  workers: number;
  /**
   * Resolves once the caches the reconciler reads have synced, with each
   * cache's name → synced (false: it did not in time), e.g.
   * `() => factory.waitForCacheSync(60_000)`.
   */
  waitForCacheSync: () => Promise<Record<string, boolean>>;
  /**
   * Aborted by abort(), or by stop() once its grace period is over. Give its
   * signal to every client the reconciler writes with: aborting it cuts their
   * requests off (Go: the ctx every call is given).
   */
  stopSignal: AbortController;
  /** How long stop() lets in-flight reconciles finish before it cuts their requests off. Default 10 s. */
  gracefulShutdownTimeoutMs?: number;
  log?: Logger;
  /** Times the grace period; a test passes a fake one. Default: the real clock. */
  clock?: Clock;
}

/**
 * The machinery every controller shares, whatever it reconciles
 * (controller-runtime's `Controller`, kube-rs's `Controller`):
 *
 *   queue ─▶ N workers ─▶ processNextWorkItem ─▶ reconcileHandler ─▶ reconciler.reconcile(key)
 *
 * Workers start only once the caches are synced — a reconcile against a
 * half-filled cache would think objects are gone. What a reconcile returns,
 * or throws, decides what happens to its key (reconcileHandler). The event
 * handlers, the informers and the reconciler belong to whoever uses it; for
 * stage 4 that is MirrorController.
 */
export class Controller<K> {
  readonly queue: RateLimitingWorkQueue<K>;
  private readonly log: Logger;
  private readonly stopSignal: AbortController;
  private readonly clock: Clock;
  private reconcile: ReconcileFunc<K>;
  private workers: Promise<void>[] = [];

  constructor(private readonly options: ControllerOptions<K>) {
    this.queue = options.queue;
    this.stopSignal = options.stopSignal;
    // Every line says which controller speaks (controller-runtime's logger WithValues("controller", name)).
    this.log = withFields(options.log ?? silentLogger, { controller: options.name });
    this.clock = options.clock ?? realClock;
    this.reconcile = (key, signal) => options.reconciler.reconcile(key, signal);
  }

  /**
   * TODO 4.3 — Run: await options.waitForCacheSync(); if stop() or abort()
   * came meanwhile (the queue is shutting down), return. If a cache did not
   * sync, throw an Error naming it — workers on a half-filled cache would think
   * objects are gone and delete what belongs to them. Then start
   * `options.workers` workers (this.worker(i), given) and await them all.
   */
  async run(): Promise<void> {
    // lab:todo 4.3 Controller.run: wait for cache sync, then run N workers
    const synced = await this.options.waitForCacheSync();
    if (this.queue.shuttingDown()) return; // stop() or abort() came while the caches were filling
    const missing = Object.entries(synced).filter(([, ok]) => !ok).map(([name]) => name);
    if (missing.length > 0) throw new Error(`caches did not sync: ${missing.join(', ')}`);
    this.log.info('caches synced; starting workers', { workers: this.options.workers, queued: this.queue.len() });
    this.workers = Array.from({ length: this.options.workers }, (_, i) => this.worker(i));
    await Promise.all(this.workers);
    // lab:end
  }

  /**
   * TODO 4.3 — graceful stop (SIGTERM): finish what is in flight, nothing more.
   *  1. queue.shutDown(): no new keys; idle workers return. The keys still
   *     queued are NOT worked off (processNextWorkItem checks shuttingDown()) —
   *     the next leader or the next start lists everything anyway.
   *  2. Wait for the workers, at most gracefulShutdownTimeoutMs (default 10 s;
   *     `finishedWithin(…, this.clock)` is given). Past that, cut the in-flight requests off:
   *     `this.stopSignal.abort(new ControllerStoppedError(…))`, and wait again.
   */
  async stop(): Promise<void> {
    // lab:todo 4.3 Controller.stop: take no new key, let in-flight reconciles finish (bounded)
    this.queue.shutDown();
    const graceMs = this.options.gracefulShutdownTimeoutMs ?? 10_000;
    if (!(await finishedWithin(Promise.all(this.workers), graceMs, this.clock))) {
      this.log.info('in-flight reconciles did not finish in time; cutting their requests off', { graceMs });
      this.stopSignal.abort(new ControllerStoppedError(`in-flight reconciles did not finish within ${graceMs} ms of stop()`));
      await Promise.all(this.workers);
    }
    // lab:end
  }

  /**
   * Stop NOW — for a leader that lost its lease (client-go exits at once):
   * no worker takes another key, every request in flight is cut off (it
   * rejects with a ControllerStoppedError naming `reason`), nothing more is
   * sent, and run() resolves. Safe to call more than once, and after or
   * during stop(). Resolves when the workers have returned.
   */
  async abort(reason: string): Promise<void> {
    if (!this.stopSignal.signal.aborted) {
      this.log.info('aborting: no further requests', { reason });
      this.stopSignal.abort(new ControllerStoppedError(`controller aborted: ${reason}`));
    }
    this.queue.shutDown();
    await Promise.all(this.workers);
  }

  /** True once abort() was called or stop() had to cut requests off: nothing more is sent. */
  aborted(): boolean {
    return this.stopSignal.signal.aborted;
  }

  /** True once the caches are synced and workers run. */
  ready(): boolean {
    return this.workers.length > 0 && !this.queue.shuttingDown();
  }

  /**
   * Wraps every reconcile, e.g. to time it and count its result (stage 7:
   * controller-runtime's reconcile metrics). The wrapper must hand the
   * Result back, and rethrow errors: reconcileHandler decides on them.
   */
  instrumentReconcile(wrap: (reconcile: ReconcileFunc<K>) => ReconcileFunc<K>): void {
    this.reconcile = wrap(this.reconcile);
  }

  /** Given: one worker is processNextWorkItem in a loop, until the queue shuts down. */
  private async worker(id: number): Promise<void> {
    while (await this.processNextWorkItem(id));
  }

  /**
   * TODO 4.3 — client-go's processNextWorkItem: get() a key; on shutdown
   * return false (the worker ends). Once the queue is shutting down, take no
   * further key: mark the one just got done() and return false, so stop()
   * waits for in-flight work only. Otherwise reconcileHandler(key, worker)
   * and return true. ALWAYS done(key) — in a finally: the queue hands a key
   * to no other worker until it is done, and holds its re-adds until then.
   */
  private async processNextWorkItem(worker: number): Promise<boolean> {
    // lab:todo 4.3 Controller.processNextWorkItem(worker ${worker}): get a key, hand it to reconcileHandler, done
    const { item: key, shutdown } = await this.queue.get();
    if (shutdown) return false;
    try {
      if (this.queue.shuttingDown()) return false; // stopping: what is still queued is left to the next start or leader
      await this.reconcileHandler(key, worker);
      return true;
    } finally {
      this.queue.done(key);
    }
    // lab:end
  }

  /**
   * TODO 4.8 — controller-runtime's reconcileHandler: call
   * `this.reconcile(key, this.stopSignal.signal)` and let its outcome decide
   * what happens to the key next:
   *  - it threw a TerminalError (isTerminalError, given: it also finds one
   *    wrapped as another error's `cause`, which instanceof misses) → log it
   *    and forget(key): retrying cannot help, so no retry;
   *  - it threw anything else → log it and addRateLimited(key): retried with
   *    a growing backoff (if aborted(), log that the controller is stopping
   *    instead — that is no failure);
   *  Log failures with log.error (a user runs at info: a debug line is
   *  invisible), naming the key, with `...errorFields(error)` (00-common's
   *  api-errors.ts): the API server's code, reason and message, one line.
   *  - it returned `{ requeueAfter: ms }` with ms > 0 → forget(key), then
   *    addAfter(key, ms): come back at that time, as planned — not
   *    addRateLimited, whose backoff would ignore `ms` and grow with every
   *    pass;
   *  - otherwise → forget(key): success resets the key's backoff.
   * Never let an error escape: a worker that throws stops working for good.
   */
  private async reconcileHandler(key: K, worker: number): Promise<void> {
    // lab:todo 4.8 Controller.reconcileHandler(${String(key)}): what the reconcile's result or error means for its key
    let result: Result | void;
    try {
      result = await this.reconcile(key, this.stopSignal.signal);
    } catch (error) {
      if (isTerminalError(error)) {
        this.log.error('reconcile failed for good (terminal error); not retried', { key: String(key), worker, ...errorFields(error) });
        this.queue.forget(key);
        return;
      }
      if (this.aborted()) this.log.info('reconcile cut off: the controller is stopping', { key: String(key), worker });
      else this.log.error('reconcile failed; will retry with backoff', { key: String(key), worker, ...errorFields(error), retries: this.queue.numRequeues(key) });
      this.queue.addRateLimited(key);
      return;
    }
    this.queue.forget(key);
    const after = result?.requeueAfter ?? 0;
    if (after > 0) this.queue.addAfter(key, after); // a plan, not a failure: exactly `after`, no backoff
    // lab:end
  }
}

/** True if `work` settled within `ms` on `clock`; the timer never outlives it. */
async function finishedWithin(work: Promise<unknown>, ms: number, clock: Clock): Promise<boolean> {
  let timer: TimerHandle | undefined;
  const timeout = new Promise<false>((resolve) => (timer = clock.setTimer(ms, () => resolve(false))));
  try {
    return await Promise.race([work.then(() => true as const), timeout]);
  } finally {
    timer?.cancel();
  }
}
