import type { CoreV1Api, KubeConfig, V1ConfigMap, V1Namespace } from '@kubernetes/client-node';
import { todo } from '../todo.js';
import { DeletedFinalStateUnknown, metaNamespaceKey } from '../01-list-watch/index.js';
import { SharedInformerFactory, stripManagedFields, type SharedIndexInformer } from '../02-informer/index.js';
import { defaultControllerRateLimiter, RateLimitingQueue, type MetricsProvider } from '../03-workqueue/index.js';
import { abortableCoreV1Api } from './abortable-client.js';
import { validateConfig, type MirrorConfig } from './config.js';
import { EventRecorder } from './event-recorder.js';
import { mirrorsBySource, mirrorsBySourceIndex, sourcesByName, sourcesByNameIndex } from './indexes.js';
import { isSource, sourceKeyOf } from './labels.js';
import { statusOf } from '../00-common/api-errors.js';
import { silentLogger, type Logger } from '../00-common/logger.js';
import { Reconciler } from './reconciler.js';

export interface MirrorControllerOptions {
  kubeConfig: KubeConfig;
  config: Partial<MirrorConfig> & { prefix: string };
  log?: Logger;
  /** Stage 7 passes Prometheus here. */
  metricsProvider?: MetricsProvider;
  cacheSyncTimeoutMs?: number;
  /**
   * How long stop() lets in-flight reconciles finish before it cuts their
   * requests off (controller-runtime's GracefulShutdownTimeout). Default 10 s:
   * well inside a pod's 30 s termination grace period.
   */
  gracefulShutdownTimeoutMs?: number;
  /**
   * Runs right before every request the reconciler sends; throw to refuse it.
   * Stage 5 checks here that the lease is still held by its own clock, so a
   * leader paused past its lease never writes on waking (it aborts instead).
   */
  beforeWrite?: () => void;
}

/** Why requests were cut off: abort(reason) or a stop() whose grace period ran out. */
export class ControllerStoppedError extends Error {
  override name = 'ControllerStoppedError';
}

/**
 * The mirror controller, wired the way client-go controllers are:
 *
 *   informers ─ handlers compute keys ─▶ rate-limited queue ─▶ N workers ─▶ reconcile(key)
 *
 * Handlers never do work: they only say which source needs another look.
 * Workers start only once the caches are synced — a reconcile against a
 * half-filled cache would think sources are gone and delete their mirrors.
 * In Go this is the sample-controller's `NewController` + `Run` + `runWorker`.
 */
export class MirrorController {
  readonly config: MirrorConfig;
  private readonly factory: SharedInformerFactory;
  private readonly configMaps: SharedIndexInformer<V1ConfigMap>;
  private readonly namespaces: SharedIndexInformer<V1Namespace>;
  private readonly queue: RateLimitingQueue<string>;
  private readonly reconciler: Reconciler;
  private readonly log: Logger;
  /** Aborted by abort(), or by stop() after its grace period: cuts off every request of `core`. */
  private readonly stopSignal = new AbortController();
  /** The one client for the controller's writes (mirrors and Events), carrying stopSignal. */
  private readonly core: CoreV1Api;
  private workers: Promise<void>[] = [];
  private running: Promise<void> | undefined;

  /**
   * TODO 4.1 — NewController. In this order:
   *  1. `this.config = validateConfig(options.config)` FIRST: a bad prefix must
   *     throw InvalidConfigError before anything talks to the cluster.
   *  2. A SharedInformerFactory (defaultResyncMs: config.resyncPeriodMs,
   *     transform: stripManagedFields — reconcile never reads them); its
   *     configMaps() and namespaces() informers.
   *  3. configMaps.addIndexers({ [mirrorsBySourceIndex]: mirrorsBySource,
   *     [sourcesByNameIndex]: sourcesByName }) — given in indexes.ts.
   *  4. A RateLimitingQueue<string> with defaultControllerRateLimiter() (stage 3),
   *     named 'mirror', passing options.metricsProvider through.
   *  5. An EventRecorder and the Reconciler, both writing through `this.core`
   *     (given: the client that stop() and abort() can cut off), the Reconciler
   *     given the two informers themselves.
   *  6. Event handlers (TODO 4.2): ConfigMap add/update/delete → this.enqueueFor;
   *     namespace add whose name has the prefix → this.enqueueAllSources().
   */
  constructor(private readonly options: MirrorControllerOptions) {
    this.log = options.log ?? silentLogger;
    this.core = abortableCoreV1Api(options.kubeConfig, this.stopSignal.signal, () => options.beforeWrite?.());
    todo('4.1 MirrorController constructor: validate the config, then build informers, indexes, queue and reconciler');
  }

  /** Starts informers, waits for their caches, then runs the workers until stop(). */
  run(): Promise<void> {
    this.running ??= this.start();
    return this.running;
  }

  /**
   * TODO 4.3 — graceful stop (SIGTERM): finish what is in flight, nothing more.
   *  1. queue.shutDown(): no new keys; idle workers return. The keys still
   *     queued are NOT worked off (the worker checks shuttingDown(), below) —
   *     the next leader or the next start lists everything anyway.
   *  2. Wait for the workers, at most gracefulShutdownTimeoutMs (default 10 s;
   *     `finishedWithin` is given). Past that, cut the in-flight requests off:
   *     `this.stopSignal.abort(new ControllerStoppedError(…))`, and wait again.
   *  3. Shut the factory down (close the watches).
   */
  async stop(): Promise<void> {
    return todo('4.3 MirrorController.stop: take no new key, let in-flight reconciles finish (bounded), shut the informers down');
  }

  /**
   * Stop NOW — for a leader that lost its lease (client-go exits at once):
   * no worker takes another key, every request in flight is cut off (it
   * rejects with a ControllerStoppedError naming `reason`), nothing more is
   * sent, the watches close, and run() resolves. Safe to call more than once,
   * and after or during stop(). Resolves when the workers have returned.
   */
  async abort(reason: string): Promise<void> {
    if (!this.stopSignal.signal.aborted) {
      this.log.info('aborting: no further requests', { reason });
      this.stopSignal.abort(new ControllerStoppedError(`controller aborted: ${reason}`));
    }
    this.queue.shutDown();
    await Promise.all(this.workers);
    await this.factory.shutdown();
  }

  /** True once abort() was called or stop() had to cut requests off: nothing more is sent. */
  aborted(): boolean {
    return this.stopSignal.signal.aborted;
  }

  /** True once the caches are synced and workers run (a readiness probe in stage 7). */
  ready(): boolean {
    return this.workers.length > 0 && !this.queue.shuttingDown();
  }

  queueLength(): number {
    return this.queue.len();
  }

  /**
   * Stage 7: wraps every reconcile, e.g. to time it and count its result
   * (controller-runtime's reconcile metrics). The workers still call
   * `this.reconciler.reconcile(key)` and need not know.
   */
  instrumentReconcile(wrap: (reconcile: (key: string) => Promise<void>) => (key: string) => Promise<void>): void {
    this.reconciler.reconcile = wrap(this.reconciler.reconcile.bind(this.reconciler));
  }

  /** Recomputes the queue's unfinished-work gauges: call it before a metrics scrape (stage 7). */
  refreshQueueMetrics(): void {
    this.queue.updateUnfinishedWork();
  }

  /**
   * TODO 4.3 — Run: factory.start(); await factory.waitForCacheSync(timeout)
   * and throw (after shutting the factory down) if a cache did not sync —
   * workers on a half-filled cache would think sources are gone and delete
   * their mirrors. Then start `config.workers` workers and await them all.
   */
  private async start(): Promise<void> {
    return todo('4.3 MirrorController.start: start informers, wait for cache sync, run N workers');
  }

  /**
   * TODO 4.3 — client-go's processNextWorkItem in a loop: get() a key (return on
   * shutdown); once the queue is shutting down, take no further key — mark the
   * one just got done() and return, so stop() waits for in-flight work only;
   * reconcile it; on success forget(key), on error log it and
   * addRateLimited(key); ALWAYS done(key). The queue never hands one key to two
   * workers at once.
   */
  private async worker(id: number): Promise<void> {
    return todo(`4.3 MirrorController.worker ${id}: get, reconcile, forget or addRateLimited, done`);
  }

  /**
   * TODO 4.2 — handlers only compute keys. For any ConfigMap (old or new state,
   * or a tombstone's last state):
   *  - a source (isSource) → its own key (metaNamespaceKey);
   *  - one of our mirrors (sourceKeyOf) → its source's key, so a hand edit or
   *    deletion is repaired now, not at the next resync;
   *  - any ConfigMap named like some sources (byIndex(sourcesByNameIndex, name))
   *    → those sources: a foreign ConfigMap in the way came or went, or a
   *    winning source went away.
   */
  private enqueueFor(cm: V1ConfigMap): void {
    return todo(`4.2 MirrorController.enqueueFor(${cm.metadata?.name}): map a ConfigMap change to source keys`);
  }

  /**
   * TODO 4.2 — a new namespace needs every source: all of them in the cache
   * (listIndexFuncValues + byIndex on sourcesByNameIndex) → the queue.
   */
  private enqueueAllSources(): void {
    return todo('4.2 MirrorController.enqueueAllSources: a new namespace needs every source');
  }
}

/** True if `work` settled within `ms`; the timer never outlives it. */
async function finishedWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
