import type { KubeConfig, V1Namespace } from '@kubernetes/client-node';
import { listPath, watchPath, type ListerWatcher, type ListResult, type WatchError, type WatchEvent, type WatchHandle, type WatchOptions } from '../01-list-watch/index.js';

/**
 * The cluster-scoped twin of stage 1's ConfigMapListWatch, listing through its
 * listPath and watching through its watchPath: listed and watched namespaces
 * have the same shape (timestamps as strings, as the API server sends them).
 */
export class NamespaceListWatch implements ListerWatcher<V1Namespace> {
  constructor(private readonly kubeConfig: KubeConfig) {}

  async list(): Promise<ListResult<V1Namespace>> {
    const list = await listPath<V1Namespace>(this.kubeConfig, '/api/v1/namespaces');
    const resourceVersion = list.metadata?.resourceVersion;
    if (!resourceVersion) throw new Error('the LIST answer has no resourceVersion');
    for (const item of list.items) Object.assign(item, { apiVersion: 'v1', kind: 'Namespace' });
    return { items: list.items, resourceVersion };
  }

  watch(options: WatchOptions, onEvent: (event: WatchEvent<V1Namespace>) => void, onClose: (error?: WatchError) => void): Promise<WatchHandle> {
    return watchPath(this.kubeConfig, '/api/v1/namespaces', options, onEvent, onClose);
  }
}
