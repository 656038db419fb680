import { CoreV1Api, KubeConfig, type V1Namespace } from '@kubernetes/client-node';
import { watchPath, type ListerWatcher, type ListResult, type WatchError, type WatchEvent, type WatchHandle, type WatchOptions } from '../01-list-watch/index.js';

/** The cluster-scoped twin of stage 1's ConfigMapListWatch, watching through its watchPath. */
export class NamespaceListWatch implements ListerWatcher<V1Namespace> {
  private readonly core: CoreV1Api;

  constructor(private readonly kubeConfig: KubeConfig) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
  }

  async list(): Promise<ListResult<V1Namespace>> {
    const list = await this.core.listNamespace();
    const resourceVersion = list.metadata?.resourceVersion;
    if (!resourceVersion) throw new Error('the LIST answer has no resourceVersion');
    for (const item of list.items) Object.assign(item, { apiVersion: 'v1', kind: 'Namespace' });
    return { items: list.items, resourceVersion };
  }

  watch(options: WatchOptions, onEvent: (event: WatchEvent<V1Namespace>) => void, onClose: (error?: WatchError) => void): Promise<WatchHandle> {
    return watchPath(this.kubeConfig, '/api/v1/namespaces', options, onEvent, onClose);
  }
}
