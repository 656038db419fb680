import { PatchStrategy, setHeaderOptions, type V1ConfigMap } from '@kubernetes/client-node';
import { afterAll, describe, expect } from 'vitest';
import { referencedMetricNames } from '@stage/08-deploy/metric-names.js';
import { checkpoint } from '../harness/checkpoint.js';
import { runPrefix } from '../harness/cluster.js';
import { todo } from '../harness/look.js';
import { requireNode } from '../harness/node.js';
import { waitFor } from '../harness/wait.js';
import { apis, deployed, isReady, leaseHolder, removeDeployment, requireDocker, runningPods, type Deployment } from './fixture.js';

const managedBy = 'app.kubernetes.io/managed-by=bare-controller-mirror';
let sourceNamespace: string | undefined;

afterAll(async () => {
  await removeDeployment();
  if (sourceNamespace) await apis().core.deleteNamespace({ name: sourceNamespace }).catch(() => undefined);
}, 60_000);

async function onTheNode(context: Parameters<typeof requireNode>[0]): Promise<Deployment> {
  // Docker first: without it there is no image to run on any node, so that is the one thing to fix.
  await requireDocker(context);
  const node = requireNode(context);
  return deployed(node);
}

/** A source labelled mirror=true in this run's source namespace, and a target namespace for it. */
async function mirrorRoundTrip(d: Deployment, name: string, timeoutMs = 30_000): Promise<V1ConfigMap> {
  const { core } = apis();
  sourceNamespace ??= `${runPrefix()}src8`;
  await core.createNamespace({ body: { metadata: { name: sourceNamespace } } }).catch(() => undefined);
  const target = `${d.prefix}${name}`;
  await core.createNamespace({ body: { metadata: { name: target } } });
  await core.createNamespacedConfigMap({ namespace: sourceNamespace, body: { metadata: { name, labels: { mirror: 'true' } }, data: { from: 'stage 8' } } });
  return waitFor(`${target}/${name}, a mirror of ${sourceNamespace}/${name}, made by the controller in a pod`, async () => {
    const mirror = await core.readNamespacedConfigMap({ namespace: target, name }).catch(() => undefined);
    return mirror?.data?.from === 'stage 8' ? mirror : undefined;
  }, { timeoutMs, intervalMs: 200 });
}

const podNames = async (d: Deployment) => (await runningPods(d)).map((p) => p.metadata!.name!);

/** Waits until the leader's /metrics count at least `sources` finished reconciles and an empty mirror queue. */
async function leaderReconciledAll(d: Deployment, sources: number): Promise<void> {
  const { core } = apis();
  const service = await core.readNamespacedService({ namespace: d.namespace, name: d.serviceName });
  const port = service.spec!.ports![0]!.port;
  const sum = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].reduce((total, m) => total + Number(m[1]), 0);
  await waitFor(`the new leader's /metrics to count ${sources} reconciles and an empty queue`, async () => {
    const holder = await leaseHolder(d.namespace);
    const leader = (await runningPods(d)).find((p) => p.metadata!.name === holder);
    if (!leader?.status?.podIP) return false;
    const text = await (await fetch(`http://${leader.status.podIP}:${port}/metrics`, { signal: AbortSignal.timeout(2_000) })).text();
    const reconciles = sum(text, /^controller_runtime_reconcile_total\{[^}]*controller="mirror"[^}]*\} (\S+)$/gm);
    const depth = sum(text, /^workqueue_depth\{[^}]*name="mirror"[^}]*\} (\S+)$/gm);
    return reconciles >= sources && depth === 0;
  }, { timeoutMs: 10_000, intervalMs: 200 });
}

describe('8 · On the node: rollout, leadership across pods, failover, restart, metrics, logs', () => {
  checkpoint(
    'the rollout completes: 2 replicas Ready, exactly one holds the Lease, and the holder is a pod\'s name',
    {
      expect: 'your image, loaded onto the node, runs as the Deployment: both replicas Ready (their readiness probes pass), and the Lease mirror-controller names one of the two pods',
      look: todo('8.1', '8.2', '8.3', '8.4', '8.5', 'a pod that crashes shows its last log lines below'),
    },
    async (context) => {
      const d = await onTheNode(context);
      const pods = await runningPods(d);
      expect(pods.filter(isReady).length, 'Ready replicas').toBe(2);
      const holder = await waitFor('a Lease holder', async () => (await leaseHolder(d.namespace)) || undefined, { timeoutMs: 30_000 });
      expect(pods.map((p) => p.metadata!.name), 'the Lease holder is one of the pods').toContain(holder);
    },
    300_000,
  );

  checkpoint(
    'a new source is mirrored by the controller running in the pods',
    {
      expect: 'a ConfigMap labelled mirror=true appears, same data, in a new namespace with the deployment\'s prefix, within 30 s',
      look: todo('8.3', 'the prefix reaches the controller'),
    },
    async (context) => {
      const d = await onTheNode(context);
      await mirrorRoundTrip(d, 'first');
    },
    120_000,
  );

  checkpoint(
    '/metrics answers through the Service with workqueue and leader-election series, and exports every metric the alerts and the dashboard use',
    {
      expect: 'GET http://<Service ClusterIP>:<port>/metrics (via kube-proxy) answers 200 with leader_election_master_status; the leader\'s /metrics has workqueue_adds_total and every metric named in overlays/monitoring (alerts, dashboard)',
      look: todo('8.4', 'the named port, in service.yaml too'),
    },
    async (context) => {
      const d = await onTheNode(context);
      const { core } = apis();
      const service = await core.readNamespacedService({ namespace: d.namespace, name: d.serviceName });
      const port = service.spec!.ports![0]!.port;
      // kube-proxy programs a new Service's rules a moment after its endpoints turn ready.
      const viaService = await waitFor(`an answer from the Service ${d.serviceName} at ${service.spec!.clusterIP}:${port}`, async () => {
        const response = await fetch(`http://${service.spec!.clusterIP}:${port}/metrics`, { signal: AbortSignal.timeout(2_000) });
        return response.status === 200 ? response.text() : undefined;
      }, { timeoutMs: 20_000, intervalMs: 250 });
      expect(viaService).toContain('leader_election_master_status');

      const holder = await leaseHolder(d.namespace);
      const leader = (await runningPods(d)).find((p) => p.metadata!.name === holder);
      expect(leader, 'the leader pod').toBeDefined();
      const text = await (await fetch(`http://${leader!.status!.podIP}:${port}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
      const exported = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));
      expect(exported.has('workqueue_adds_total'), 'workqueue_adds_total is exported').toBe(true);
      expect(referencedMetricNames().filter((name) => !exported.has(name)), 'metrics the alerts or the dashboard use that the controller does not export').toEqual([]);
    },
    120_000,
  );

  checkpoint(
    'the controller\'s logs in the pod are JSON lines',
    {
      expect: 'every line the leader pod logged parses as JSON with a msg field (what log collectors expect)',
      look: todo('8.1', 'the entrypoint runs main.mjs as is'),
    },
    async (context) => {
      const d = await onTheNode(context);
      const holder = await leaseHolder(d.namespace);
      const logs = await apis().core.readNamespacedPodLog({ namespace: d.namespace, name: holder });
      const lines = logs.split('\n').filter((l) => l.trim() !== '');
      expect(lines.length, 'log lines').toBeGreaterThan(0);
      const notJson = lines.filter((l) => {
        try {
          return typeof (JSON.parse(l) as { msg?: unknown }).msg !== 'string';
        } catch {
          return true;
        }
      });
      expect(notJson, 'lines that are not JSON with a msg').toEqual([]);
    },
    60_000,
  );

  checkpoint(
    'deleting the leader pod: the other replica takes over within the lease bounds and keeps mirroring',
    {
      expect: 'after `kubectl delete pod <leader>` another pod (the standby, or the replacement if it campaigns first) holds the Lease within 17 s (lease duration 15 s + a retry); a new source is then mirrored',
      look: todo('8.3', 'each pod its own identity; and the grace period'),
    },
    async (context) => {
      const d = await onTheNode(context);
      const before = await leaseHolder(d.namespace);
      expect((await podNames(d)).filter((name) => name !== before), 'a standby replica').toHaveLength(1);
      const started = Date.now();
      await apis().core.deleteNamespacedPod({ namespace: d.namespace, name: before });
      const after = await waitFor('another pod to hold the Lease', async () => {
        const holder = await leaseHolder(d.namespace);
        return holder && holder !== before ? holder : undefined;
      }, { timeoutMs: 25_000, intervalMs: 100 });
      const seconds = (Date.now() - started) / 1000;
      process.stderr.write(`[stage 8] the Lease moved from ${before} to ${after} in ${seconds.toFixed(1)}s\n`);
      expect(await podNames(d), 'the new holder is a running pod').toContain(after);
      expect(seconds, `seconds until the standby led (${seconds.toFixed(1)} s)`).toBeLessThanOrEqual(17);
      await mirrorRoundTrip(d, 'after-failover');
    },
    120_000,
  );

  checkpoint(
    'kubectl rollout restart: the new pods write nothing to existing mirrors, and the old leader releases the Lease on SIGTERM',
    {
      expect: 'after a rolling restart completes and the new leader has synced, every existing mirror has its old resourceVersion (no rewrite), and the Lease was seen released (holderIdentity empty) rather than left to expire',
      look: todo('8.4', 'the probes and terminationGracePeriodSeconds; the controller releases on SIGTERM (stage 5)'),
    },
    async (context) => {
      const d = await onTheNode(context);
      const { core, apps } = apis();
      await mirrorRoundTrip(d, 'before-restart');
      const mirrors = async () => {
        const all = await core.listConfigMapForAllNamespaces({ labelSelector: managedBy });
        return new Map(all.items.filter((m) => m.metadata!.namespace!.startsWith(d.prefix)).map((m) => [`${m.metadata!.namespace}/${m.metadata!.name}`, m.metadata!.resourceVersion]));
      };
      const before = await mirrors();
      const oldPods = await podNames(d);

      const seen = new Set<string>();
      let watching = true;
      const watcher = (async () => {
        while (watching) {
          seen.add(await leaseHolder(d.namespace));
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      await apps.patchNamespacedDeployment(
        { namespace: d.namespace, name: d.deploymentName, body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() } } } } } },
        setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
      );
      await waitFor('the restart to finish: two new pods Ready, one of them leading', async () => {
        const pods = await runningPods(d);
        const fresh = pods.filter((p) => !oldPods.includes(p.metadata!.name!) && isReady(p));
        const holder = await leaseHolder(d.namespace);
        return fresh.length === 2 && pods.length === 2 && fresh.some((p) => p.metadata!.name === holder);
      }, { timeoutMs: 90_000, intervalMs: 250 });
      // The new leader lists, compares, and (if it were wrong) would rewrite: wait until its /metrics say it reconciled
      // every source and its queue is empty (a rewrite is sent before its reconcile counts). Metrics that never say so
      // (stage 7 broken) end the wait after 10 s: longer than any first pass here, so no rewrite is missed.
      const sources = new Set([...before.keys()].map((key) => key.split('/')[1])).size;
      await leaderReconciledAll(d, sources).catch(() => undefined);
      watching = false;
      await watcher;

      const after = await mirrors();
      const rewritten = [...before].filter(([key, version]) => after.get(key) !== version).map(([key]) => key);
      expect(rewritten, 'mirrors the new pods rewrote (or removed)').toEqual([]);
      expect([...seen], 'Lease holders seen during the restart: the empty one is the release on SIGTERM').toContain('');
    },
    150_000,
  );
});
