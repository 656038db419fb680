import type { KubeConfig, KubernetesObject, V1ConfigMap, V1Namespace } from '@kubernetes/client-node';
import { todo } from '../todo.js';
import type { Logger } from '../00-common/logger.js';
import { configMapsResource, ListWatch, namespacesResource, realClock, type Clock, type Resource } from '../01-list-watch/index.js';
import { SharedIndexInformer, type SharedIndexInformerOptions } from './shared-informer.js';
import type { TransformFunc } from './transform.js';

export interface SharedInformerFactoryOptions {
  /** The resync period of every informer's handlers that name none (client-go's defaultResync); 0 or left out: no resync. */
  defaultResyncMs?: number;
  /** Limit namespaced informers to one namespace; undefined watches all. */
  namespace?: string;
  watchTimeoutSeconds?: number;
  /** Given to every informer, whose lines then carry `informer: <key>`; silent by default. */
  log?: Logger;
  /** Given to every informer the factory makes (e.g. stripManagedFields): client-go's WithTransform. */
  transform?: TransformFunc<KubernetesObject>;
  /** Given to every informer (resync) and timing waitForCacheSync's polls; the real one by default. */
  clock?: Clock;
}

/**
 * TODO 2.9 — client-go's informers.SharedInformerFactory: however many parts
 * of a program ask for the ConfigMap informer, they share one — one LIST, one
 * WATCH, one cache. Keep the informers in a Map by key.
 */
export class SharedInformerFactory {
  /** Time for waitForCacheSync's polls, and given to every informer. */
  private readonly clock: Clock;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly options: SharedInformerFactoryOptions = {},
  ) {
    this.clock = options.clock ?? realClock;
  }

  /** Given: the one shared ConfigMap informer (in options.namespace, or all namespaces). */
  configMaps(): SharedIndexInformer<V1ConfigMap> {
    return this.forResource(configMapsResource(this.options.namespace));
  }

  /** Given: the one shared Namespace informer (cluster-scoped). */
  namespaces(): SharedIndexInformer<V1Namespace> {
    return this.forResource(namespacesResource);
  }

  /**
   * Given: the one shared informer of any resource — a custom one, or one
   * narrowed by selectors (each selector is its own informer and cache, as in
   * client-go's filtered factories). Namespaced resources take the factory's
   * namespace unless the resource names one; a cluster-scoped one
   * (`namespaced: false`) never does.
   */
  forResource<T extends KubernetesObject>(resource: Resource & { namespaced?: boolean }): SharedIndexInformer<T> {
    const { namespaced = true, ...scoped } = resource;
    if (namespaced) scoped.namespace ??= this.options.namespace;
    else delete scoped.namespace;
    return this.informerFor(informerKey(scoped, this.options.namespace), (options) => new SharedIndexInformer<T>(new ListWatch<T>(this.kubeConfig, scoped), options));
  }

  /**
   * TODO 2.9 — the informer registered under `key`, created on first request
   * with `create(options)`: the options this factory gives every informer
   * (defaultResyncMs, watchTimeoutSeconds, log, transform, clock; name: key),
   * so an informer of any kind gets the same defaults.
   */
  informerFor<T extends KubernetesObject>(key: string, create: (options: SharedIndexInformerOptions<T>) => SharedIndexInformer<T>): SharedIndexInformer<T> {
    return todo(`2.9 SharedInformerFactory.informerFor(${key})`);
  }

  /**
   * TODO 2.9 — run every informer that is not running yet; call again after asking for more.
   * (Don't await run(): it resolves only on stop.)
   */
  start(): void {
    return todo('2.9 SharedInformerFactory.start');
  }

  /**
   * TODO 2.9 — resolve when every started informer hasSynced(), or with `false`
   * entries after `timeoutMs`. Poll on this.clock (now() and setTimer), as
   * the informers time their resync: a test with a fake clock moves it.
   */
  async waitForCacheSync(timeoutMs = 60_000): Promise<Record<string, boolean>> {
    return todo(`2.9 SharedInformerFactory.waitForCacheSync(${timeoutMs})`);
  }

  /** TODO 2.9 — stop every informer and wait for them. */
  async shutdown(): Promise<void> {
    return todo('2.9 SharedInformerFactory.shutdown');
  }
}

/**
 * An informer's name in the factory, its logs and waitForCacheSync's answer:
 * the plural as kubectl writes it ('configmaps', 'widgets.v1.example.com'),
 * then a namespace other than the factory's and the selectors, if any.
 */
function informerKey(resource: Resource, factoryNamespace: string | undefined): string {
  const name = resource.group ? `${resource.resource}.${resource.version}.${resource.group}` : resource.resource;
  const where = resource.namespace && resource.namespace !== factoryNamespace ? ` in ${resource.namespace}` : '';
  const selectors = [resource.labelSelector, resource.fieldSelector].filter(Boolean).join(',');
  return `${name}${where}${selectors ? ` {${selectors}}` : ''}`;
}
