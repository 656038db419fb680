/**
 * Self-tests of the node: pods from images built here (no registry) run,
 * Deployments become available, and a pod reaches the API server the way a
 * controller in a cluster does — through the `kubernetes` Service with its
 * ServiceAccount's token, limited by RBAC.
 */
import { AppsV1Api, RbacAuthorizationV1Api, type V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { goImageArchive, nodeImages } from '../../scripts/cluster/node/go-image.js';
import { loadImageArchive, nodeImageRefs } from '../../scripts/cluster/node/load-image.js';
import { cacheDir } from '../../scripts/cluster/paths.js';
import { adminCore, adminKubeConfig, testNamespace } from './cluster.js';
import { requireNode } from './node.js';
import { waitFor } from './wait.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

/** The in-cluster probe: a FROM-scratch image built here and loaded onto the node. */
function probePod(name: string): V1Pod {
  return {
    metadata: { name },
    spec: {
      restartPolicy: 'Never',
      containers: [{ name: 'probe', image: nodeImages.inclusterProbe.ref, imagePullPolicy: 'Never' }],
    },
  };
}

async function runToCompletion(namespace: string, pod: V1Pod): Promise<{ phase: string; logs: string }> {
  const core = adminCore();
  await core.createNamespacedPod({ namespace, body: pod });
  const name = pod.metadata!.name!;
  let last: V1Pod | undefined;
  const phase = await waitFor(
    `pod ${namespace}/${name} to finish`,
    async () => {
      last = await core.readNamespacedPod({ namespace, name });
      const p = last.status?.phase;
      return p === 'Succeeded' || p === 'Failed' ? p : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 200, lastSeen: () => last?.status },
  );
  // Logs come from the kubelet through the API server: its client certificate, the kubelet's webhook authorization.
  const logs = await core.readNamespacedPodLog({ namespace, name });
  return { phase, logs };
}

describe('the node runs pods like a real cluster', () => {
  it('runs a pod from an image built here (no registry) to completion, and its logs are readable', async (context) => {
    const node = requireNode(context);
    loadImageArchive(node, goImageArchive(cacheDir(), nodeImages.inclusterProbe, log));
    expect(nodeImageRefs(node)).toContain(nodeImages.inclusterProbe.ref);
    const ns = await testNamespace('self-pod');
    const { phase, logs } = await runToCompletion(ns, probePod('probe'));
    expect(logs, 'the pod found the kubernetes Service in its environment').toContain('server 10.0.0.1:443');
    expect(phase).toBe('Succeeded');
  }, 90_000);

  it('a pod reaches the API server through https://10.0.0.1 with its ServiceAccount token, and RBAC limits it', async (context) => {
    const node = requireNode(context);
    loadImageArchive(node, goImageArchive(cacheDir(), nodeImages.inclusterProbe, log));
    const ns = await testNamespace('self-incluster');
    const rbac = adminKubeConfig().makeApiClient(RbacAuthorizationV1Api);
    await rbac.createNamespacedRole({ namespace: ns, body: { metadata: { name: 'list-configmaps' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['list'] }] } });
    await rbac.createNamespacedRoleBinding({
      namespace: ns,
      body: {
        metadata: { name: 'default-lists-configmaps' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'list-configmaps' },
        subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: ns }],
      },
    });
    // The ServiceAccount controller creates `default` shortly after the namespace.
    await waitFor('the default ServiceAccount', () => adminCore().readNamespacedServiceAccount({ namespace: ns, name: 'default' }), { timeoutMs: 30_000 });
    const { logs } = await runToCompletion(ns, probePod('probe'));
    expect(logs.split('\n')).toEqual(expect.arrayContaining(['configmaps 200', 'secrets 403']));
  }, 90_000);

  it('a 2-replica Deployment becomes available', async (context) => {
    requireNode(context);
    const ns = await testNamespace('self-deploy');
    const apps = adminKubeConfig().makeApiClient(AppsV1Api);
    const labels = { app: 'sleeper' };
    await apps.createNamespacedDeployment({
      namespace: ns,
      body: {
        metadata: { name: 'sleeper' },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            // The pause image waits for a signal: the smallest long-running container there is.
            spec: { containers: [{ name: 'pause', image: nodeImages.pause.ref, imagePullPolicy: 'Never' }] },
          },
        },
      },
    });
    await waitFor('2 available replicas', async () => ((await apps.readNamespacedDeployment({ namespace: ns, name: 'sleeper' })).status?.availableReplicas ?? 0) === 2, {
      timeoutMs: 60_000,
      intervalMs: 200,
    });
  }, 90_000);
});
