import { CoreV1Api, KubeConfig, Watch, type V1ConfigMap } from '@kubernetes/client-node';
import type { ListerWatcher, ListResult, WatchError, WatchEvent, WatchHandle, WatchOptions } from './types.js';

/**
 * client-go's cache.NewListWatchFromClient for ConfigMaps: a LIST of the
 * collection, and a WATCH of the same collection from a resourceVersion.
 * `namespace` undefined means all namespaces.
 */
export class ConfigMapListWatch implements ListerWatcher<V1ConfigMap> {
  private readonly core: CoreV1Api;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly namespace?: string,
  ) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
  }

  /** GET /api/v1/[namespaces/<ns>/]configmaps */
  async list(): Promise<ListResult<V1ConfigMap>> {
    const list = this.namespace
      ? await this.core.listNamespacedConfigMap({ namespace: this.namespace })
      : await this.core.listConfigMapForAllNamespaces();
    const resourceVersion = list.metadata?.resourceVersion;
    if (!resourceVersion) throw new Error('the LIST answer has no resourceVersion');
    // Items in a list carry no kind/apiVersion; set them so every object we hand on is self-describing.
    const items = list.items.map((item) => ({ ...item, apiVersion: 'v1', kind: 'ConfigMap' }));
    return { items, resourceVersion };
  }

  /** GET …/configmaps?watch=true&resourceVersion=…&allowWatchBookmarks=true&timeoutSeconds=… */
  async watch(
    options: WatchOptions,
    onEvent: (event: WatchEvent<V1ConfigMap>) => void,
    onClose: (error?: WatchError) => void,
  ): Promise<WatchHandle> {
    const path = this.namespace ? `/api/v1/namespaces/${encodeURIComponent(this.namespace)}/configmaps` : '/api/v1/configmaps';
    let closed = false;
    const closeOnce = (error?: WatchError) => {
      if (closed) return;
      closed = true;
      onClose(error);
    };
    const abort = await new Watch(this.kubeConfig).watch(
      path,
      {
        resourceVersion: options.resourceVersion,
        allowWatchBookmarks: options.allowWatchBookmarks ?? true,
        timeoutSeconds: options.timeoutSeconds,
      },
      (type, object) => {
        if (closed) return;
        onEvent({ type: type as WatchEvent<V1ConfigMap>['type'], object: object as V1ConfigMap });
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
}

function toWatchError(error: unknown): WatchError {
  if (error instanceof Error) return error as WatchError;
  return new Error(String(error));
}
