/**
 * Half of the node drill: starts a cluster with a node and a running pod,
 * prints `READY <json>`, then waits to be killed with SIGKILL — a test run
 * that crashes, leaving its whole cluster orphaned.
 */
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { startEnvtest } from '../envtest.js';
import { nodeImages } from './go-image.js';

const cluster = await startEnvtest({ runId: 'drill-crash', node: true, uncachedServer: false, log: () => undefined });
const kc = new KubeConfig();
kc.loadFromString(cluster.info.kubeconfig);
const core = kc.makeApiClient(CoreV1Api);
await core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'left-behind' }, spec: { containers: [{ name: 'pause', image: nodeImages.pause.ref, imagePullPolicy: 'Never' }] } } });
for (let i = 0; i < 300; i++) {
  if ((await core.readNamespacedPod({ namespace: 'default', name: 'left-behind' })).status?.phase === 'Running') break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
process.stdout.write(`READY ${JSON.stringify({ clusterDir: cluster.dir, node: cluster.info.capabilities.node })}\n`);
setInterval(() => undefined, 60_000);
