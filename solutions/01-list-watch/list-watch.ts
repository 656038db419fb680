import type { KubeConfig, V1ConfigMap } from '@kubernetes/client-node';
import { listPath } from './list-path.js';
import type { ListerWatcher, ListResult, WatchError, WatchEvent, WatchHandle, WatchOptions } from './types.js';
import { watchPath } from './watch-path.js';

/**
 * client-go's cache.NewListWatchFromClient, for ConfigMaps: the two raw API
 * calls every informer is built on — a LIST of the collection, and a WATCH of
 * the same collection from a resourceVersion. `namespace` undefined means all namespaces.
 */
export class ConfigMapListWatch implements ListerWatcher<V1ConfigMap> {
  /** The collection both calls address: one namespace's ConfigMaps, or all of them. */
  private readonly path: string;

  constructor(
    private readonly kubeConfig: KubeConfig,
    namespace?: string,
  ) {
    this.path = namespace ? `/api/v1/namespaces/${encodeURIComponent(namespace)}/configmaps` : '/api/v1/configmaps';
  }

  /**
   * TODO 1.1 — LIST: GET /api/v1/namespaces/<ns>/configmaps (or /api/v1/configmaps).
   *
   * - Use the given `listPath(this.kubeConfig, this.path)` (list-path.ts): a
   *   GET of the collection, parsed as plain JSON — objects shaped exactly as
   *   the watch delivers them (client-node's typed `listNamespacedConfigMap`
   *   would copy every object and turn its timestamps into Dates).
   * - Return the items and the LIST's own `metadata.resourceVersion`: the point
   *   in history the watch will start from. (Not an item's resourceVersion!)
   * - Items in a list have no `kind`/`apiVersion`; set them to 'ConfigMap'/'v1'
   *   so every object you pass on describes itself.
   */
  async list(): Promise<ListResult<V1ConfigMap>> {
    // lab:todo 1.1 ConfigMapListWatch.list: LIST the ConfigMaps and return { items, resourceVersion }
    const list = await listPath<V1ConfigMap>(this.kubeConfig, this.path);
    const resourceVersion = list.metadata?.resourceVersion;
    if (!resourceVersion) throw new Error('the LIST answer has no resourceVersion');
    // Items in a list carry no kind/apiVersion; set them so every object we hand on is self-describing.
    // In place: the answer is ours, and a copy of 5,000 objects is time spent for nothing.
    for (const item of list.items) Object.assign(item, { apiVersion: 'v1', kind: 'ConfigMap' });
    return { items: list.items, resourceVersion };
    // lab:end
  }

  /** Given: the raw WATCH itself is TODO 1.2 in watch-path.ts. */
  watch(options: WatchOptions, onEvent: (event: WatchEvent<V1ConfigMap>) => void, onClose: (error?: WatchError) => void): Promise<WatchHandle> {
    return watchPath(this.kubeConfig, this.path, options, onEvent, onClose);
  }
}
