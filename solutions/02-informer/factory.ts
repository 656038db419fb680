import type { KubeConfig, KubernetesObject, V1ConfigMap, V1Namespace } from '@kubernetes/client-node';
import { ConfigMapListWatch } from '../01-list-watch/index.js';
import { NamespaceListWatch } from './namespace-list-watch.js';
import { SharedIndexInformer } from './shared-informer.js';
import type { TransformFunc } from './transform.js';

export interface SharedInformerFactoryOptions {
  defaultResyncMs?: number;
  /** Limit namespaced informers to one namespace; undefined watches all. */
  namespace?: string;
  watchTimeoutSeconds?: number;
  log?: (message: string) => void;
  /** Given to every informer the factory makes (e.g. stripManagedFields): client-go's WithTransform. */
  transform?: TransformFunc<KubernetesObject>;
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

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly options: SharedInformerFactoryOptions = {},
  ) {}

  /**
   * TODO 2.9 — informerFor('configmaps', () => new SharedIndexInformer(new ConfigMapListWatch(kubeConfig, namespace), …)),
   * passing on the options that apply to an informer: defaultResyncMs as resyncPeriodMs, watchTimeoutSeconds, log, transform.
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
      informer.run().catch((error: unknown) => this.options.log?.(`informer ${key} failed: ${(error as Error).message}`));
    }
    // lab:end
  }

  /** TODO 2.9 — resolve when every started informer hasSynced(), or with `false` entries after `timeoutMs`. */
  async waitForCacheSync(timeoutMs = 60_000): Promise<Record<string, boolean>> {
    // lab:todo 2.9 SharedInformerFactory.waitForCacheSync(${timeoutMs})
    const deadline = Date.now() + timeoutMs;
    const started = [...this.informers].filter(([, informer]) => informer.isRunning());
    while (Date.now() < deadline && !started.every(([, informer]) => informer.hasSynced())) {
      await new Promise((resolve) => setTimeout(resolve, 20));
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
    return { resyncPeriodMs: this.options.defaultResyncMs, watchTimeoutSeconds: this.options.watchTimeoutSeconds, name, log: this.options.log, transform: this.options.transform };
  }
  // lab:end
}
