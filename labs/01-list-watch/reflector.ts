import type { KubernetesObject } from '@kubernetes/client-node';
import { todo } from '../todo.js';
import { Backoff, reflectorBackoff, type BackoffOptions } from './backoff.js';
import type { ListerWatcher, ReflectorEvent } from './types.js';

export interface ReflectorOptions<T extends KubernetesObject> {
  listerWatcher: ListerWatcher<T>;
  /** Called for every change, in the order the server made them. */
  onEvent: (event: ReflectorEvent<T>) => void;
  /** How long each watch may stay open; client-go picks 5–10 minutes at random. */
  watchTimeoutSeconds?: number;
  backoff?: BackoffOptions;
  name?: string;
  log?: (message: string) => void;
}

/**
 * client-go's cache.Reflector: LIST once, then WATCH from the list's
 * resourceVersion, for as long as it runs, delivering every change in order.
 *
 * Suggested state (yours to change):
 *   known            Map<key, T>  the last state of every object delivered
 *                                 (client-go's "knownObjects"); key = metaNamespaceKey(obj)
 *   resourceVersion  string       the newest resourceVersion seen
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

  constructor(private readonly options: ReflectorOptions<T>) {
    this.backoff = new Backoff(options.backoff ?? reflectorBackoff);
  }

  /**
   * TODO 1.4 — the resourceVersion of the newest event or BOOKMARK seen.
   * A BOOKMARK carries no change, only `object.metadata.resourceVersion`:
   * record it, deliver nothing. The next watch starts here.
   */
  lastSyncResourceVersion(): string {
    return todo('1.4 Reflector.lastSyncResourceVersion: remember the newest resourceVersion from events and bookmarks');
  }

  /** TODO 1.3 — true once every object of the initial list has been delivered. */
  hasSynced(): boolean {
    return todo('1.3 Reflector.hasSynced: true after the initial LIST has been delivered');
  }

  /**
   * TODO 1.3 — start the loop; resolve when it has stopped.
   *
   * 1.3 First LIST: deliver every item as { type: 'ADDED', object, isInInitialList: true },
   *     remember it in `known`, set resourceVersion to the LIST's, then hasSynced() is true.
   * 1.4 WATCH from resourceVersion (allowWatchBookmarks, timeoutSeconds = options.watchTimeoutSeconds
   *     or a random 300–600). ADDED/MODIFIED/DELETED: update `known`, deliver
   *     (ADDED with isInInitialList: false), move resourceVersion forward.
   * 1.5 When the server closes the watch normally, watch again from resourceVersion
   *     at once: no LIST, so nothing is delivered twice. (client-node also ends a watch
   *     that was silent for 30 s with a TimeoutError: treat it the same way.)
   * 1.6 When the watch fails (connection refused, reset, 5xx, an ERROR event that is
   *     not 410), wait `this.backoff.nextDelay()` and watch again from resourceVersion.
   *     Call `this.backoff.reset()` once things work again.
   * 1.7 410 Gone (statusCode 410, or an ERROR event whose object.code is 410): LIST again
   *     and compare with `known`: new → ADDED (isInInitialList: false), changed
   *     resourceVersion → MODIFIED, missing → DELETED with
   *     `new DeletedFinalStateUnknown(key, lastKnownObject)`.
   * An exception thrown by onEvent must not stop the loop.
   */
  async run(): Promise<void> {
    void this.backoff;
    return todo('1.3 Reflector.run: LIST, deliver the initial ADDED events, then WATCH');
  }

  /**
   * TODO 1.8 — stop: close the open watch, cut any backoff wait short (keep the
   * timer and clear it), and resolve once run() has returned. Nothing may be
   * requested or delivered after stop().
   */
  async stop(): Promise<void> {
    return todo('1.8 Reflector.stop: close the watch, cancel the backoff wait, wait for run() to end');
  }
}
