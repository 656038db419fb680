import { KubeConfig, Watch, type KubernetesObject } from '@kubernetes/client-node';
import { todo } from '../todo.js';
import type { WatchError, WatchEvent, WatchHandle, WatchOptions } from './types.js';

/**
 * TODO 1.2 — a raw WATCH of any collection path:
 * GET <path>?watch=true&resourceVersion=…&allowWatchBookmarks=true&timeoutSeconds=…
 * Every ListerWatcher in the workbook watches through this one function
 * (ConfigMapListWatch.watch for …/configmaps; stage 2 reuses it for namespaces).
 *
 * - `new Watch(kubeConfig).watch(path, queryParams, onLine, onDone)` opens the
 *   stream. Pass `resourceVersion`, `allowWatchBookmarks` (default true) and
 *   `timeoutSeconds` (when given) as query parameters.
 * - Call `onEvent({ type, object })` for each line.
 * - Call `onClose` exactly once: with no argument when the server ended the
 *   stream normally (its timeout), with the error otherwise. An error from a
 *   non-200 answer carries `.statusCode` (410 = Gone: that history is lost).
 * - Return a handle whose `stop()` aborts the request; after stop, deliver nothing more.
 */
export async function watchPath<T extends KubernetesObject>(
  kubeConfig: KubeConfig,
  path: string,
  options: WatchOptions,
  onEvent: (event: WatchEvent<T>) => void,
  onClose: (error?: WatchError) => void,
): Promise<WatchHandle> {
  return todo(`1.2 watchPath(${path}): open a WATCH from options.resourceVersion and pass each event on`);
}
