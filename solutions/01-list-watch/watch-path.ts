import { KubeConfig, Watch, type KubernetesObject } from '@kubernetes/client-node';
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
  // lab:todo 1.2 watchPath(${path}): open a WATCH from options.resourceVersion and pass each event on
  let closed = false;
  const closeOnce = (error?: WatchError) => {
    if (closed) return;
    closed = true;
    onClose(error);
  };
  const abort = await new Watch(kubeConfig).watch(
    path,
    {
      resourceVersion: options.resourceVersion,
      allowWatchBookmarks: options.allowWatchBookmarks ?? true,
      timeoutSeconds: options.timeoutSeconds,
    },
    (type, object) => {
      if (closed) return;
      onEvent({ type: type as WatchEvent<T>['type'], object: object as T });
    },
    (error: unknown) => closeOnce(error ? toWatchError(error) : undefined),
  );
  return {
    stop() {
      closed = true;
      abort.abort();
    },
  };
  // lab:end
}

// lab:todo 1.2
// lab:stub
function toWatchError(error: unknown): WatchError {
  if (error instanceof Error) return error as WatchError;
  return new Error(String(error));
}
// lab:end
