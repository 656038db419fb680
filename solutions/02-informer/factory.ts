import type { KubeConfig, KubernetesObject, V1ConfigMap, V1Namespace } from '@kubernetes/client-node';
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
  // lab:todo 2.9
  // lab:stub
  private readonly informers = new Map<string, SharedIndexInformer<KubernetesObject>>();
  // lab:end
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
    // lab:todo 2.9 SharedInformerFactory.configMaps: the one shared ConfigMap informer
    return this.informerFor('configmaps', () => new SharedIndexInformer(new ConfigMapListWatch(this.kubeConfig, this.options.namespace), this.informerOptions('configmaps')));
    // lab:end
  }

  /** TODO 2.9 — the same for namespaces (NamespaceListWatch is given). */
  namespaces(): SharedIndexInformer<V1Namespace> {
    // lab:todo 2.9 SharedInformerFactory.namespaces: the one shared Namespace informer
    return this.informerFor('namespaces', () => new SharedIndexInformer(new NamespaceListWatch(this.kubeConfig), this.informerOptions('namespaces')));
    // lab:end
  }

  /** TODO 2.9 — the informer registered under `key`, created on first request. */
  informerFor<T extends KubernetesObject>(key: string, create: () => SharedIndexInformer<T>): SharedIndexInformer<T> {
    // lab:todo 2.9 SharedInformerFactory.informerFor(${key})
    let informer = this.informers.get(key);
    if (!informer) {
      informer = create() as unknown as SharedIndexInformer<KubernetesObject>;
      this.informers.set(key, informer);
    }
    return informer as unknown as SharedIndexInformer<T>;
    // lab:end
  }

  /**
   * TODO 2.9 — run every informer that is not running yet; call again after asking for more.
   * (Don't await run(): it resolves only on stop.)
   */
  start(): void {
    // lab:todo 2.9 SharedInformerFactory.start
    for (const [key, informer] of this.informers) {
      if (informer.isRunning()) continue;
      informer.run().catch((error: unknown) => this.options.log?.error('informer failed', { informer: key, error: (error as Error).message }));
    }
    // lab:end
  }

  /**
   * TODO 2.9 — resolve when every started informer hasSynced(), or with `false`
   * entries after `timeoutMs`. Poll on this.clock (now() and setTimer), as
   * the informers time their resync: a test with a fake clock moves it.
   */
  async waitForCacheSync(timeoutMs = 60_000): Promise<Record<string, boolean>> {
    // lab:todo 2.9 SharedInformerFactory.waitForCacheSync(${timeoutMs})
    const deadline = this.clock.now() + timeoutMs;
    const started = [...this.informers].filter(([, informer]) => informer.isRunning());
    while (this.clock.now() < deadline && !started.every(([, informer]) => informer.hasSynced())) {
      await new Promise<void>((resolve) => this.clock.setTimer(20, resolve));
    }
    return Object.fromEntries(started.map(([key, informer]) => [key, informer.hasSynced()]));
    // lab:end
  }

  /** TODO 2.9 — stop every informer and wait for them. */
  async shutdown(): Promise<void> {
    // lab:todo 2.9 SharedInformerFactory.shutdown
    await Promise.all([...this.informers.values()].map((informer) => informer.stop()));
    // lab:end
  }

  // lab:todo 2.9
  // lab:stub
  private informerOptions(name: string) {
    const { defaultResyncMs, watchTimeoutSeconds, log, transform } = this.options;
    return { defaultResyncMs, watchTimeoutSeconds, name, log, transform, clock: this.clock };
  }
  // lab:end
}
