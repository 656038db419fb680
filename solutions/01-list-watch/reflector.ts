import type { KubernetesObject } from '@kubernetes/client-node';
import { statusOf } from '../00-common/api-errors.js';
import { silentLogger, withFields, type Logger } from '../00-common/logger.js';
import { Backoff, reflectorBackoff, type BackoffOptions } from './backoff.js';
import { realClock, type Clock } from './clock.js';
import { metaNamespaceKey } from './keys.js';
import { DeletedFinalStateUnknown, type ListerWatcher, type ReflectorEvent, type WatchError, type WatchEvent, type WatchHandle } from './types.js';

export interface ReflectorOptions<T extends KubernetesObject> {
  listerWatcher: ListerWatcher<T>;
  /** Called for every change, in the order the server made them. */
  onEvent: (event: ReflectorEvent<T>) => void;
  /**
   * How long each watch may stay open before the server closes it. client-go
   * picks 5–10 minutes at random so that many clients do not reconnect at once.
   */
  watchTimeoutSeconds?: number;
  backoff?: BackoffOptions;
  /** Where backoff waits are timed (client-go's ReflectorOptions.Clock); the real one by default. */
  clock?: Clock;
  /**
   * Where the last delivered state of each object can be read, if the
   * consumer keeps it anyway (an informer's cache): client-go's knownObjects.
   * The reflector then keeps no copy of its own. The consumer must have
   * applied each event to it by the time onEvent returns.
   */
  knownObjects?: KnownObjects<T>;
  /** For log lines: which reflector is speaking (the field `reflector`). */
  name?: string;
  /** Where failures and relists are logged; silent by default. */
  log?: Logger;
}

/** Read access to the objects a consumer has already been given. */
export interface KnownObjects<T> {
  getByKey(key: string): T | undefined;
  listKeys(): string[];
}

// lab:todo 1.3
// lab:stub
/** The reflector's own record when nobody else keeps one. */
class KnownMap<T> implements KnownObjects<T> {
  private readonly map = new Map<string, T>();
  getByKey(key: string) {
    return this.map.get(key);
  }
  listKeys() {
    return [...this.map.keys()];
  }
  set(key: string, obj: T) {
    this.map.set(key, obj);
  }
  delete(key: string) {
    this.map.delete(key);
  }
}

type WatchOutcome = { kind: 'closed' } | { kind: 'gone' } | { kind: 'failed'; error: WatchError } | { kind: 'stopped' };
// lab:end

/**
 * client-go's cache.Reflector: LIST once, then WATCH from the list's
 * resourceVersion, for as long as it runs, delivering every change in order.
 *
 * - A watch the server closes normally (timeoutSeconds) is reopened from the
 *   last resourceVersion seen — no relist, so nothing is delivered twice.
 * - A watch that fails (network, 5xx) is retried with backoff, also from the
 *   last resourceVersion: the server replays what was missed.
 * - 410 Gone means the server no longer has that history: relist, and work out
 *   from the objects we know what changed and what vanished meanwhile.
 *
 * State it needs (the names are yours to choose):
 *   known            the last state of every object delivered, by key
 *                    (client-go's "knownObjects": options.knownObjects when the
 *                    consumer keeps one, else your own Map); key = metaNamespaceKey(obj)
 *   resourceVersion  the newest resourceVersion seen
 *   synced, stopped  booleans
 *
 * The loop, in words:
 *   list (TODO 1.3) → watch (1.4) → the watch ends:
 *     normally (server timeout)  → watch again from resourceVersion     (1.5)
 *     failed (network, 5xx)      → wait backoff.nextDelay(), watch again (1.6)
 *     410 Gone                   → list again and diff against `known`  (1.7)
 *   until stop() (1.8).
 */
export class Reflector<T extends KubernetesObject> {
  private readonly backoff: Backoff;
  /** Time the backoff waits with: `this.clock.setTimer(ms, fn)`, never setTimeout (a test moves it by hand). */
  private readonly clock: Clock;
  /** Leveled and structured: `this.log.error('watch failed', { error: e.message })`; each line carries `reflector: name`. */
  private readonly log: Logger;
  // lab:todo 1.3
  // lab:stub
  /** client-go's knownObjects: the last state of every object we have delivered. */
  private readonly known: KnownObjects<T>;
  /** Our own record, when the consumer keeps none. */
  private readonly own: KnownMap<T> | undefined;
  private resourceVersion = '';
  private synced = false;
  private stopped = false;
  private running: Promise<void> | undefined;
  private currentWatch: WatchHandle | undefined;
  private wakeUp: (() => void) | undefined;
  // lab:end

  constructor(private readonly options: ReflectorOptions<T>) {
    this.backoff = new Backoff(options.backoff ?? reflectorBackoff);
    this.clock = options.clock ?? realClock;
    this.log = withFields(options.log ?? silentLogger, { reflector: options.name ?? 'reflector' });
    // lab:todo 1.3
    // lab:stub
    this.own = options.knownObjects ? undefined : new KnownMap<T>();
    this.known = options.knownObjects ?? this.own!;
    // lab:end
  }

  /**
   * TODO 1.4 — the resourceVersion of the newest event or BOOKMARK seen:
   * where the next watch starts. A BOOKMARK carries no change, only
   * `object.metadata.resourceVersion`: record it, deliver nothing.
   */
  lastSyncResourceVersion(): string {
    // lab:todo 1.4 Reflector.lastSyncResourceVersion: remember the newest resourceVersion from events and bookmarks
    return this.resourceVersion;
    // lab:end
  }

  /** TODO 1.3 — true once every object of the initial list has been delivered. */
  hasSynced(): boolean {
    // lab:todo 1.3 Reflector.hasSynced: true after the initial LIST has been delivered
    return this.synced;
    // lab:end
  }

  /**
   * TODO 1.3 — start the loop; resolve when it has stopped. Calling it twice
   * returns the same promise.
   *
   * 1.3 First LIST: deliver every item as { type: 'ADDED', object, isInInitialList: true },
   *     remember it in `known`, set resourceVersion to the LIST's, then hasSynced() is true —
   *     only then: asked from onEvent during the initial ADDEDs, hasSynced() says false.
   * 1.4 WATCH from resourceVersion (allowWatchBookmarks, timeoutSeconds = options.watchTimeoutSeconds
   *     or a random 300–600). ADDED/MODIFIED/DELETED: update `known`, deliver
   *     (ADDED with isInInitialList: false), move resourceVersion forward.
   * 1.5 When the server closes the watch normally, watch again from resourceVersion
   *     at once: no LIST, so nothing is delivered twice. (client-node also ends a watch
   *     that was silent for 30 s with a TimeoutError: treat it the same way.)
   * 1.6 When the watch fails (connection refused, reset, 5xx, an ERROR event that is
   *     not 410), wait `this.backoff.nextDelay()` and watch again from resourceVersion.
   *     Time the wait with `this.clock.setTimer(ms, fn)`, not setTimeout. Failures in a
   *     row wait longer and longer (nextDelay doubles and adds jitter): keep the one
   *     Backoff, and call `this.backoff.reset()` only once things work again (an event
   *     arrived, or the server closed a watch normally). Log the failure with
   *     this.log.error: at debug, a user running at the default level never sees an outage.
   * 1.7 410 Gone (statusCode 410, or an ERROR event whose object.code is 410): LIST again
   *     and compare with `known`: new → ADDED (isInInitialList: false), changed
   *     resourceVersion → MODIFIED, missing → DELETED with
   *     `new DeletedFinalStateUnknown(key, lastKnownObject)`.
   * An exception thrown by onEvent must not stop the loop.
   */
  run(): Promise<void> {
    // lab:todo 1.3 Reflector.run: LIST, deliver the initial ADDED events, then WATCH
    this.running ??= this.loop();
    return this.running;
    // lab:end
  }

  /**
   * TODO 1.8 — stop: close the open watch, cut any backoff wait short (keep the
   * clock's timer handle and cancel it: no timer may be left), and resolve once
   * run() has returned. Nothing may be requested or delivered after stop().
   */
  async stop(): Promise<void> {
    // lab:todo 1.8 Reflector.stop: close the watch, cancel the backoff wait, wait for run() to end
    this.stopped = true;
    this.currentWatch?.stop();
    this.wakeUp?.();
    await this.running;
    // lab:end
  }

  // lab:todo 1.3
  // lab:stub

  private async loop(): Promise<void> {
    let needList = true;
    while (!this.stopped) {
      if (needList) {
        try {
          await this.relist();
          needList = false;
          this.backoff.reset();
        } catch (error) {
          this.log.error('list failed', { error: (error as Error).message });
          await this.sleep(this.backoff.nextDelay());
          continue;
        }
        if (this.stopped) return; // stop() came while the LIST was on its way: open no watch after it
      }
      const outcome = await this.watchOnce();
      switch (outcome.kind) {
        case 'closed':
          // lab:todo 1.5 Reflector.run: a watch the server closed normally is reopened from the last resourceVersion
          this.backoff.reset(); // Normal end of a watch: reopen at once from where we are.
          // lab:end
          this.log.debug('watch closed by the server; reopening', { resourceVersion: this.resourceVersion });
          break;
        case 'gone':
          // lab:todo 1.7 Reflector.run: 410 Gone, so LIST again and work out what changed and what vanished
          this.log.info('resourceVersion too old (410 Gone): relisting', { resourceVersion: this.resourceVersion });
          needList = true;
          // lab:end
          break;
        case 'failed':
          // lab:todo 1.6 Reflector.run: a failed watch waits backoff.nextDelay(), then resumes from the last resourceVersion
          this.log.error('watch failed', { error: outcome.error.message });
          await this.sleep(this.backoff.nextDelay());
          // lab:end
          break;
        case 'stopped':
          return;
      }
    }
  }

  /**
   * LIST, then reconcile what we knew with what is there now: client-go's
   * DeltaFIFO.Replace. On the first list every object is an initial ADDED.
   */
  private async relist(): Promise<void> {
    const { items, resourceVersion } = await this.options.listerWatcher.list();
    if (this.stopped) return;
    const initial = !this.synced;
    // Nothing known before this list (the usual first list)? Then nothing can have changed or vanished:
    // every item is an ADDED, and the bookkeeping below is skipped.
    const knewSome = this.known.listKeys().length > 0;
    const seen = new Set<string>();
    for (const object of items) {
      const key = metaNamespaceKey(object);
      const before = knewSome ? this.known.getByKey(key) : undefined;
      if (knewSome) seen.add(key);
      this.own?.set(key, object);
      if (!before) this.emit({ type: 'ADDED', object, isInInitialList: initial });
      else if (before.metadata?.resourceVersion !== object.metadata?.resourceVersion) this.emit({ type: 'MODIFIED', object });
    }
    for (const key of knewSome ? this.known.listKeys() : []) {
      if (seen.has(key)) continue;
      const last = this.known.getByKey(key)!;
      this.own?.delete(key);
      this.emit({ type: 'DELETED', object: new DeletedFinalStateUnknown(key, last) });
    }
    this.resourceVersion = resourceVersion;
    this.synced = true;
  }

  /** One watch, from open to close; resolves with why it ended. */
  private watchOnce(): Promise<WatchOutcome> {
    return new Promise<WatchOutcome>((resolve) => {
      let settled = false;
      const finish = (outcome: WatchOutcome) => {
        if (settled) return;
        settled = true;
        this.currentWatch = undefined;
        this.wakeUp = undefined;
        resolve(this.stopped ? { kind: 'stopped' } : outcome);
      };
      // stop() while the watch is being opened must still end this promise.
      this.wakeUp = () => {
        this.currentWatch?.stop();
        finish({ kind: 'stopped' });
      };
      const onEvent = (event: WatchEvent<T>) => {
        if (settled) return;
        if (event.type === 'ERROR') {
          const code = statusOf(event.object);
          this.currentWatch?.stop();
          if (code === 410) finish({ kind: 'gone' });
          else finish({ kind: 'failed', error: Object.assign(new Error(`watch ERROR event: ${JSON.stringify(event.object)}`), { statusCode: code }) });
          return;
        }
        this.handle(event);
      };
      const onClose = (error?: WatchError) => {
        if (!error) return finish({ kind: 'closed' });
        if (error.statusCode === 410) return finish({ kind: 'gone' });
        // client-node ends a watch that was silent for 30 s; that is a normal reopen, not a failure.
        if (error.name === 'TimeoutError') return finish({ kind: 'closed' });
        finish({ kind: 'failed', error });
      };
      this.options.listerWatcher
        .watch(
          { resourceVersion: this.resourceVersion, timeoutSeconds: this.watchTimeout(), allowWatchBookmarks: true },
          onEvent,
          onClose,
        )
        .then(
          (handle) => {
            if (settled) handle.stop();
            else this.currentWatch = handle;
          },
          (error: WatchError) => finish({ kind: 'failed', error }),
        );
    });
  }

  private handle(event: WatchEvent<T>): void {
    // lab:todo 1.4 Reflector.handle(${event.type}): update what you know, deliver the event, remember its resourceVersion
    const rv = event.object.metadata?.resourceVersion;
    if (event.type === 'BOOKMARK') {
      if (rv) this.resourceVersion = rv;
      return;
    }
    this.backoff.reset(); // A delivered event proves the connection works.
    const key = metaNamespaceKey(event.object);
    switch (event.type) {
      case 'ADDED':
        this.own?.set(key, event.object);
        this.emit({ type: 'ADDED', object: event.object, isInInitialList: false });
        break;
      case 'MODIFIED':
        this.own?.set(key, event.object);
        this.emit({ type: 'MODIFIED', object: event.object });
        break;
      case 'DELETED':
        this.own?.delete(key);
        this.emit({ type: 'DELETED', object: event.object });
        break;
    }
    if (rv) this.resourceVersion = rv;
    // lab:end
  }

  private emit(event: ReflectorEvent<T>): void {
    try {
      this.options.onEvent(event);
    } catch (error) {
      // A handler's bug must not kill the watch loop; client-go logs and goes on too.
      this.log.error('event handler threw', { error: (error as Error).message });
    }
  }

  private watchTimeout(): number {
    const fixed = this.options.watchTimeoutSeconds;
    return fixed ?? Math.floor(300 + Math.random() * 300);
  }

  /** A backoff wait on this.clock that `stop()` cuts short, so no timer outlives the reflector. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.clock.setTimer(ms, done);
      function done() {
        timer.cancel();
        resolve();
      }
      this.wakeUp = done;
      if (this.stopped) done();
    });
  }
  // lab:end
}
