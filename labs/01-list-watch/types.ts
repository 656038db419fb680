import type { KubernetesObject } from '@kubernetes/client-node';

/** The event types a Kubernetes watch stream carries (k8s.io/apimachinery/pkg/watch). */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** One line of a watch stream. For ERROR, `object` is a metav1.Status (code 410 = Gone). */
export interface WatchEvent<T> {
  type: WatchEventType;
  object: T;
}

export interface ListResult<T> {
  items: T[];
  /** The collection's resourceVersion: the point in history a watch resumes from. */
  resourceVersion: string;
}

export interface WatchOptions {
  /** Start after this resourceVersion; events at or before it are not sent. */
  resourceVersion: string;
  /** Ask the server to close the watch after this long (it will, normally, with no error). */
  timeoutSeconds?: number;
  /** Ask for BOOKMARK events: no object change, only a newer resourceVersion. */
  allowWatchBookmarks?: boolean;
}

/** What `watch()` returns: a way to close the stream early. */
export interface WatchHandle {
  stop(): void;
}

/**
 * client-go's cache.ListerWatcher: the two calls a Reflector needs. `onClose`
 * is called exactly once: with no argument when the stream ended normally
 * (server-side timeout), with an error otherwise (status code on `.statusCode`).
 */
export interface ListerWatcher<T> {
  list(): Promise<ListResult<T>>;
  watch(options: WatchOptions, onEvent: (event: WatchEvent<T>) => void, onClose: (error?: WatchError) => void): Promise<WatchHandle>;
}

/** An error from a list or watch; `statusCode` is the HTTP or metav1.Status code when there is one. */
export interface WatchError extends Error {
  statusCode?: number;
}

/**
 * client-go's cache.DeletedFinalStateUnknown: an object that was deleted
 * while we were not watching. We never saw its DELETED event, so all we
 * have is the last state we knew.
 */
export class DeletedFinalStateUnknown<T> {
  constructor(
    readonly key: string,
    readonly obj: T,
  ) {}
}

/** What a Reflector delivers, in order. */
export type ReflectorEvent<T extends KubernetesObject> =
  | { type: 'ADDED'; object: T; isInInitialList: boolean }
  | { type: 'MODIFIED'; object: T }
  | { type: 'DELETED'; object: T | DeletedFinalStateUnknown<T> };
