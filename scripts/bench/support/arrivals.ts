import type { KubeConfig, V1ConfigMap } from '@kubernetes/client-node';
import { ConfigMapListWatch } from '../../../solutions/01-list-watch/index.js';
import { SharedIndexInformer } from '../../../solutions/02-informer/index.js';

/**
 * The fan-out benchmarks' stopwatch: counts ConfigMaps by name, in the
 * namespaces whose names start with `prefix`, as the API server announces
 * them to one informer — so a create loop and a controller are timed to the
 * same watcher, up to the moment the last copy is seen.
 */
export class Arrivals {
  private readonly seen = new Map<string, number>();
  private readonly waiting = new Map<string, { n: number; resolve: (at: number) => void }>();
  private readonly informer: SharedIndexInformer<V1ConfigMap>;

  constructor(kc: KubeConfig, prefix: string) {
    this.informer = new SharedIndexInformer<V1ConfigMap>(new ConfigMapListWatch(kc));
    this.informer.addEventHandler({
      onAdd: (cm) => {
        if (!cm.metadata?.namespace?.startsWith(prefix)) return;
        const name = cm.metadata.name!;
        const count = (this.seen.get(name) ?? 0) + 1;
        this.seen.set(name, count);
        const wait = this.waiting.get(name);
        if (wait && count >= wait.n) {
          this.waiting.delete(name);
          wait.resolve(performance.now());
        }
      },
    });
  }

  /** Runs the informer; resolves once it has synced. */
  async start(): Promise<void> {
    void this.informer.run();
    while (!this.informer.hasSynced()) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  /** Resolves with the time (performance.now()) the n-th copy named `name` was seen. */
  until(name: string, n: number): Promise<number> {
    if ((this.seen.get(name) ?? 0) >= n) return Promise.resolve(performance.now());
    return new Promise((resolve) => this.waiting.set(name, { n, resolve }));
  }

  stop(): Promise<void> {
    return this.informer.stop();
  }
}
