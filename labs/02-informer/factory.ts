import type { KubeConfig, KubernetesObject, V1ConfigMap, V1Namespace } from '@kubernetes/client-node';
import { todo } from '../todo.js';
import type { Logger } from '../00-common/logger.js';
import { ConfigMapListWatch, realClock, type Clock } from '../01-list-watch/index.js';
import { NamespaceListWatch } from './namespace-list-watch.js';
import { SharedIndexInformer } from './shared-informer.js';
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

  /**
   * TODO 2.9 — informerFor('configmaps', () => new SharedIndexInformer(new ConfigMapListWatch(kubeConfig, namespace), …)),
   * passing on the options that apply to an informer: defaultResyncMs, watchTimeoutSeconds, log, transform, clock.
   */
  configMaps(): SharedIndexInformer<V1ConfigMap> {
    return todo('2.9 SharedInformerFactory.configMaps: the one shared ConfigMap informer');
  }

  /** TODO 2.9 — the same for namespaces (NamespaceListWatch is given). */
  namespaces(): SharedIndexInformer<V1Namespace> {
    return todo('2.9 SharedInformerFactory.namespaces: the one shared Namespace informer');
  }

  /** TODO 2.9 — the informer registered under `key`, created on first request. */
  informerFor<T extends KubernetesObject>(key: string, create: () => SharedIndexInformer<T>): SharedIndexInformer<T> {
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
