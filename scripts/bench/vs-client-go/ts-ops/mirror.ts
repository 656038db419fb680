import { CoreV1Api } from '@kubernetes/client-node';
import { MirrorController } from '../../../../solutions/04-reconcile/index.js';
import { abortableCoreV1Api } from '../../../../solutions/04-reconcile/abortable-client.js';
import type { ClusterArgs, Figures, LoopClient } from '../protocol.js';
import { kubeConfig } from './kubeconfig.js';

let controller: MirrorController | undefined;
let stage4Client: CoreV1Api | undefined;

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

/**
 * client-node doing what client-go/create.go does: one create per namespace,
 * one after another — through `makeApiClient` as client-node gives it, or
 * through the client the stage-4 controller writes with (one pooled
 * connection, undici's request()), to split the controller's time into
 * client and controller.
 */
export async function createLoop(request: { namespaces: string[]; name: string; client?: LoopClient } & ClusterArgs): Promise<Figures> {
  const kc = kubeConfig(request.kubeconfig);
  // The stage-4 client is kept across loops, its connection open, as client-go keeps its transport (and Go's loop reuses it).
  const core = request.client === 'stage-4' ? (stage4Client ??= abortableCoreV1Api(kc, new AbortController().signal)) : kc.makeApiClient(CoreV1Api);
  const start = performance.now();
  for (const namespace of request.namespaces) {
    await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: request.name }, data: { key: 'value' } } });
  }
  return { ms: performance.now() - start };
}
