import type { V1ConfigMap } from '@kubernetes/client-node';
import { ConfigMapListWatch } from '../../../../solutions/01-list-watch/index.js';
import { labelIndexFunc, SharedIndexInformer, stripManagedFields } from '../../../../solutions/02-informer/index.js';
import type { ClusterArgs, Figures } from '../protocol.js';
import { kubeConfig } from './kubeconfig.js';

/** Kept alive between informer-sync and informer-stop, so VmRSS can be read while the cache is full. */
let running: SharedIndexInformer<V1ConfigMap> | undefined;

/** The stage-2 informer (namespace index built in, one label index added), timed to hasSynced(). */
export async function informerSync(request: { namespace: string; transform: boolean } & ClusterArgs): Promise<Figures> {
  const kc = kubeConfig(request.kubeconfig);
  const informer = new SharedIndexInformer<V1ConfigMap>(new ConfigMapListWatch(kc, request.namespace), {
    indexers: { app: labelIndexFunc('app') },
    transform: request.transform ? stripManagedFields : undefined,
  });
  const start = performance.now();
  void informer.run();
  // Poll as finely as the Go side (1 ms): the figure is time to synced.
  while (!informer.hasSynced()) await new Promise((resolve) => setTimeout(resolve, 1));
  const ms = performance.now() - start;
  running = informer;
  return { ms, size: informer.getIndexer().listKeys().length };
}

export async function informerStop(): Promise<Figures> {
  if (!running) throw new Error('no informer is running');
  await running.stop();
  running = undefined;
  return {};
}
