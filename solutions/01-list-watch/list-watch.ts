import type { KubeConfig, KubernetesObject, V1ConfigMap } from '@kubernetes/client-node';
import { listPath } from './list-path.js';
import type { ListerWatcher, ListResult, WatchError, WatchEvent, WatchHandle, WatchOptions } from './types.js';
import { watchPath } from './watch-path.js';

/**
 * Which collection to list and watch: client-go's GroupVersionResource, the
 * scope, and the selectors of a ListOptions. Enough for any kind — a core
 * one, a namespaced app, a cluster-scoped custom resource.
 */
export interface Resource {
  /** API group; '' or left out for the core group (/api/v1). */
  group?: string;
  version: string;
  /** The plural of the URL: 'configmaps', 'namespaces', 'widgets'. */
  resource: string;
  /** What each listed item is stamped with (a LIST's items carry no kind). */
  kind: string;
  /** One namespace of a namespaced resource; left out: all namespaces (or a cluster-scoped resource). */
  namespace?: string;
  /** Only objects whose labels match (e.g. 'mirror=true'): the API server filters, in the LIST and in the WATCH. */
  labelSelector?: string;
  /** Only objects whose fields match (e.g. 'metadata.name=x'). */
  fieldSelector?: string;
}

export const configMapsResource = (namespace?: string): Resource => ({ version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespace });
export const namespacesResource: Resource = { version: 'v1', resource: 'namespaces', kind: 'Namespace' };

/** The object's apiVersion: 'v1' for the core group, '<group>/<version>' otherwise. */
export function apiVersionOf(resource: Resource): string {
  return resource.group ? `${resource.group}/${resource.version}` : resource.version;
}

/** The collection's URL path with its selectors as query: the LIST and the WATCH both address it. */
export function collectionPath(resource: Resource): string {
  const root = resource.group ? `/apis/${resource.group}/${resource.version}` : `/api/${resource.version}`;
  const scope = resource.namespace ? `/namespaces/${encodeURIComponent(resource.namespace)}` : '';
  const query = new URLSearchParams();
  if (resource.labelSelector) query.set('labelSelector', resource.labelSelector);
  if (resource.fieldSelector) query.set('fieldSelector', resource.fieldSelector);
  const search = query.toString();
  return `${root}${scope}/${resource.resource}${search ? `?${search}` : ''}`;
}

/**
 * client-go's cache.NewFilteredListWatchFromClient: the two raw API calls
 * every informer is built on — a LIST of the collection, and a WATCH of the
 * same collection from a resourceVersion — for any resource.
 */
export class ListWatch<T extends KubernetesObject> implements ListerWatcher<T> {
  /** The collection both calls address, selectors included. */
  protected readonly path: string;
  /** What the LIST's items are stamped with: 'v1'/'ConfigMap' for ConfigMaps. */
  protected readonly apiVersion: string;
  protected readonly kind: string;

  constructor(
    protected readonly kubeConfig: KubeConfig,
    resource: Resource,
  ) {
    this.path = collectionPath(resource);
    this.apiVersion = apiVersionOf(resource);
    this.kind = resource.kind;
  }

  /**
   * TODO 1.1 — LIST: GET the collection (for ConfigMaps: /api/v1/namespaces/<ns>/configmaps or /api/v1/configmaps).
   *
   * - Use the given `listPath(this.kubeConfig, this.path)` (list-path.ts): a
   *   GET of the collection, parsed as plain JSON — objects shaped exactly as
   *   the watch delivers them (client-node's typed `listNamespacedConfigMap`
   *   would copy every object and turn its timestamps into Dates).
   * - Return the items and the LIST's own `metadata.resourceVersion`: the point
   *   in history the watch will start from. (Not an item's resourceVersion!)
   * - Items in a list have no `kind`/`apiVersion`; set them to this.kind and
   *   this.apiVersion ('ConfigMap'/'v1') so every object you pass on describes itself.
   */
  async list(): Promise<ListResult<T>> {
    // lab:todo 1.1 ListWatch.list: LIST the collection and return { items, resourceVersion }
    const list = await listPath<T>(this.kubeConfig, this.path);
    const resourceVersion = list.metadata?.resourceVersion;
    if (!resourceVersion) throw new Error('the LIST answer has no resourceVersion');
    // Items in a list carry no kind/apiVersion; set them so every object we hand on is self-describing.
    // In place: the answer is ours, and a copy of 5,000 objects is time spent for nothing.
    for (const item of list.items) Object.assign(item, { apiVersion: this.apiVersion, kind: this.kind });
    return { items: list.items, resourceVersion };
    // lab:end
  }

  /** Given: the raw WATCH itself is TODO 1.2 in watch-path.ts. */
  watch(options: WatchOptions, onEvent: (event: WatchEvent<T>) => void, onClose: (error?: WatchError) => void): Promise<WatchHandle> {
    return watchPath(this.kubeConfig, this.path, options, onEvent, onClose);
  }
}

/** The ListWatch of ConfigMaps in one namespace, or in all of them (`namespace` left out). */
export class ConfigMapListWatch extends ListWatch<V1ConfigMap> {
  constructor(kubeConfig: KubeConfig, namespace?: string) {
    super(kubeConfig, configMapsResource(namespace));
  }
}
