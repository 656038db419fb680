import type { KubernetesObject } from '@kubernetes/client-node';
import { todo } from '../todo.js';
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

  constructor(private readonly options: ReflectorOptions<T>) {
    this.backoff = new Backoff(options.backoff ?? reflectorBackoff);
    this.clock = options.clock ?? realClock;
    this.log = withFields(options.log ?? silentLogger, { reflector: options.name ?? 'reflector' });
  }

  /**
   * TODO 1.4 — the resourceVersion of the newest event or BOOKMARK seen:
   * where the next watch starts. A BOOKMARK carries no change, only
   * `object.metadata.resourceVersion`: record it, deliver nothing.
   */
  lastSyncResourceVersion(): string {
    return todo('1.4 Reflector.lastSyncResourceVersion: remember the newest resourceVersion from events and bookmarks');
  }

  /** TODO 1.3 — true once every object of the initial list has been delivered. */
  hasSynced(): boolean {
    return todo('1.3 Reflector.hasSynced: true after the initial LIST has been delivered');
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
    return todo('1.3 Reflector.run: LIST, deliver the initial ADDED events, then WATCH');
  }

  /**
   * TODO 1.8 — stop: close the open watch, cut any backoff wait short (keep the
   * clock's timer handle and cancel it: no timer may be left), and resolve once
   * run() has returned. Nothing may be requested or delivered after stop().
   */
  async stop(): Promise<void> {
    return todo('1.8 Reflector.stop: close the watch, cancel the backoff wait, wait for run() to end');
  }
}
