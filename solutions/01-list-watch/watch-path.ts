import { KubeConfig, Watch, type KubernetesObject } from '@kubernetes/client-node';
import type { WatchError, WatchEvent, WatchHandle, WatchOptions } from './types.js';

/**
 * A raw WATCH of any collection path (…/configmaps, /api/v1/namespaces):
 * GET <path>?watch=true&resourceVersion=…&allowWatchBookmarks=true&timeoutSeconds=…
 * Every ListerWatcher in the workbook watches through this one function.
 */
export async function watchPath<T extends KubernetesObject>(
  kubeConfig: KubeConfig,
  path: string,
  options: WatchOptions,
  onEvent: (event: WatchEvent<T>) => void,
  onClose: (error?: WatchError) => void,
): Promise<WatchHandle> {
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
}

function toWatchError(error: unknown): WatchError {
  if (error instanceof Error) return error as WatchError;
  return new Error(String(error));
}
