import { CoreV1Api } from '@kubernetes/client-node';
import { MirrorController } from '../../../../solutions/04-reconcile/index.js';
import type { ClusterArgs, Figures } from '../protocol.js';
import { kubeConfig } from './kubeconfig.js';

let controller: MirrorController | undefined;

/** The stage-4 mirror controller, as the fan-out bench has always run it: 2 workers, no resync. */
export async function mirrorStart(request: { prefix: string } & ClusterArgs): Promise<Figures> {
  controller = new MirrorController({ kubeConfig: kubeConfig(request.kubeconfig), config: { prefix: request.prefix, workers: 2, resyncPeriodMs: 0 } });
  void controller.run();
  while (!controller.ready()) await new Promise((resolve) => setTimeout(resolve, 10));
  return {};
}

export async function mirrorStop(): Promise<Figures> {
  await controller?.stop();
  controller = undefined;
  return {};
}

/** client-node doing what client-go/create.go does: one create per namespace, one after another. */
export async function createLoop(request: { namespaces: string[]; name: string; pooled?: boolean } & ClusterArgs): Promise<Figures> {
  const core = kubeConfig(request.kubeconfig, request.pooled).makeApiClient(CoreV1Api);
  const start = performance.now();
  for (const namespace of request.namespaces) {
    await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: request.name }, data: { key: 'value' } } });
  }
  return { ms: performance.now() - start };
}
