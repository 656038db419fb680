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
 * client-go's informers.SharedInformerFactory: however many parts of a
 * program ask for the ConfigMap informer, they share one — one LIST, one
 * WATCH, one cache.
 */
export class SharedInformerFactory {
  private readonly informers = new Map<string, SharedIndexInformer<KubernetesObject>>();

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly options: SharedInformerFactoryOptions = {},
  ) {}

  configMaps(): SharedIndexInformer<V1ConfigMap> {
    return this.informerFor('configmaps', () => new SharedIndexInformer(new ConfigMapListWatch(this.kubeConfig, this.options.namespace), this.informerOptions('configmaps')));
  }

  namespaces(): SharedIndexInformer<V1Namespace> {
    return this.informerFor('namespaces', () => new SharedIndexInformer(new NamespaceListWatch(this.kubeConfig), this.informerOptions('namespaces')));
  }

  /** The informer registered under `key`, created on first request. */
  informerFor<T extends KubernetesObject>(key: string, create: () => SharedIndexInformer<T>): SharedIndexInformer<T> {
    let informer = this.informers.get(key);
    if (!informer) {
      informer = create() as unknown as SharedIndexInformer<KubernetesObject>;
      this.informers.set(key, informer);
    }
    return informer as unknown as SharedIndexInformer<T>;
  }

  /** Starts every informer not started yet; call again after asking for more. */
  start(): void {
    for (const [key, informer] of this.informers) {
      if (informer.isRunning()) continue;
      informer.run().catch((error: unknown) => this.options.log?.(`informer ${key} failed: ${(error as Error).message}`));
    }
  }

  /** Resolves when every started informer has synced, or with `false` entries after `timeoutMs`. */
  async waitForCacheSync(timeoutMs = 60_000): Promise<Record<string, boolean>> {
    const deadline = Date.now() + timeoutMs;
    const started = [...this.informers].filter(([, informer]) => informer.isRunning());
    while (Date.now() < deadline && !started.every(([, informer]) => informer.hasSynced())) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return Object.fromEntries(started.map(([key, informer]) => [key, informer.hasSynced()]));
  }

  async shutdown(): Promise<void> {
    await Promise.all([...this.informers.values()].map((informer) => informer.stop()));
  }

  private informerOptions(name: string) {
    return { resyncPeriodMs: this.options.defaultResyncMs, watchTimeoutSeconds: this.options.watchTimeoutSeconds, name, log: this.options.log, transform: this.options.transform };
  }
}
