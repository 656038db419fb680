import { CoreV1Api, KubeConfig, Watch, type V1ConfigMap } from '@kubernetes/client-node';
import { todo } from '../todo.js';
import type { ListerWatcher, ListResult, WatchError, WatchEvent, WatchHandle, WatchOptions } from './types.js';

/**
 * client-go's cache.NewListWatchFromClient, for ConfigMaps: the two raw API
 * calls every informer is built on. `namespace` undefined means all namespaces.
 */
export class ConfigMapListWatch implements ListerWatcher<V1ConfigMap> {
  private readonly core: CoreV1Api;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly namespace?: string,
  ) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
  }

  /**
   * TODO 1.1 — LIST: GET /api/v1/namespaces/<ns>/configmaps (or /api/v1/configmaps).
   *
   * - Use `this.core.listNamespacedConfigMap({ namespace })`, or
   *   `listConfigMapForAllNamespaces()` when no namespace was given.
   * - Return the items and the LIST's own `metadata.resourceVersion`: the point
   *   in history the watch will start from. (Not an item's resourceVersion!)
   * - Items in a list have no `kind`/`apiVersion`; set them to 'ConfigMap'/'v1'
   *   so every object you pass on describes itself.
   */
  async list(): Promise<ListResult<V1ConfigMap>> {
    void this.core;
    return todo('1.1 ConfigMapListWatch.list: LIST the ConfigMaps and return { items, resourceVersion }');
  }

  /**
   * TODO 1.2 — WATCH: GET …/configmaps?watch=true&resourceVersion=…
   *
   * - `new Watch(this.kubeConfig).watch(path, queryParams, onLine, onDone)` opens
   *   the stream. Pass `resourceVersion`, `allowWatchBookmarks` (default true)
   *   and `timeoutSeconds` (when given) as query parameters.
   * - Call `onEvent({ type, object })` for each line.
   * - Call `onClose` exactly once: with no argument when the server ended the
   *   stream normally (its timeout), with the error otherwise. An error from a
   *   non-200 answer carries `.statusCode` (410 = Gone: that history is lost).
   * - Return a handle whose `stop()` aborts the request; after stop, deliver nothing more.
   */
  async watch(
    options: WatchOptions,
    onEvent: (event: WatchEvent<V1ConfigMap>) => void,
    onClose: (error?: WatchError) => void,
  ): Promise<WatchHandle> {
    void [options, onEvent, onClose, Watch];
    return todo('1.2 ConfigMapListWatch.watch: open a WATCH from options.resourceVersion and pass each event on');
  }
}
