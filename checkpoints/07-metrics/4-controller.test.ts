import { CoordinationV1Api } from '@kubernetes/client-node';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, onTestFinished } from 'vitest';
import { startTargetMain } from '../harness/target-main.js';
import { checkpoint } from '../harness/checkpoint.js';
import { adminCore, adminKubeConfig, clusterInfo, runPrefix, testNamespace } from '../harness/cluster.js';
import { todo } from '../harness/look.js';
import { waitFor } from '../harness/wait.js';

/** Runs `<target>/07-metrics/main.ts` as its own process, as a Deployment would, against this run's cluster. */
function startMain(args: string[], env: Record<string, string> = {}) {
  const run = startTargetMain('07-metrics', clusterInfo().kubeconfig, args, env);
  const logged = (msg: string) => run.lines.map((l) => { try { return JSON.parse(l) as Record<string, unknown>; } catch { return undefined; } }).find((l) => l?.msg === msg);
  return { ...run, logged };
}

/** An IPv4 address of this machine other than loopback (the node's bridge when there is one): how the kubelet reaches a pod. */
function outsideAddress(): string | undefined {
  const all = Object.entries(networkInterfaces()).sort(([a]) => (a === 'bare0' ? -1 : 0));
  return all.flatMap(([, addresses]) => addresses ?? []).find((a) => a.family === 'IPv4' && !a.internal)?.address;
}

/** How a process that should stop on its own ended: exit code (or 'still running' after 30 s), its stderr, its last stderr line, its stdout. */
async function exitOf(run: ReturnType<typeof startMain>) {
  const code = await Promise.race([run.exited, new Promise<'still running after 30 s'>((resolve) => setTimeout(() => resolve('still running after 30 s'), 30_000))]);
  await new Promise((resolve) => setTimeout(resolve, 50)); // the last chunks
  const lines = run.lines.filter((l) => l.trim() !== '');
  return { code, output: lines.join('\n') || '(nothing on stderr)', last: lines.at(-1) ?? '', stdout: run.stdout() };
}

/** A line for a person: not one of the JSON log lines, not a stack frame. */
const plainLine = /^(?!\{)(?!\s+at ).+$/;

describe('7 · The controller as a process: probes, metrics, shutdown', () => {
  checkpoint(
    'main.ts serves /readyz once leading with synced caches, exports workqueue, reconcile, request and leader metrics, and exits 0 on SIGTERM, releasing the Lease',
    {
      expect: 'the process logs the ports it serves (--metrics-bind-address :0, --health-probe-bind-address :0); /healthz 200, also on the machine\'s non-loopback address (probes listen on every interface); /readyz 200 once ready; after a source is mirrored, /metrics has workqueue_adds_total{name="mirror"} > 0, workqueue_work_duration_seconds_count{name="mirror"} > 0, controller_runtime_reconcile_total{controller="mirror",result="success"} > 0, controller_runtime_max_concurrent_reconciles{controller="mirror"} 2, rest_client_requests_total{code="201",method="POST",host=<the API server>} > 0, leader_election_master_status{name="mirror-controller"} 1 and process metrics; SIGTERM → exit code 0 and the Lease released',
      look: todo('7.1', '7.2', '7.3', 'main.ts is given'),
    },
    async () => {
      const home = await testNamespace('metrics-home');
      const prefix = `${runPrefix()}m${Date.now().toString(36).slice(-4)}-`;
      const target = await testNamespace('metrics-target', { name: `${prefix}a` });
      const sourceNs = await testNamespace('metrics-src');
      const run = startMain(['--prefix', prefix, '--workers', '2', '--metrics-bind-address', ':0', '--health-probe-bind-address', ':0', '--lease-namespace', home, '--identity', 'metrics-checkpoint']);
      await waitFor('the "serving metrics" and "serving health probes" log lines with their ports', () => (run.check(), run.logged('serving metrics') !== undefined && run.logged('serving health probes') !== undefined), { timeoutMs: 30_000, lastSeen: run.tail });
      const metricsPort = run.logged('serving metrics')!.port as number;
      const probePort = run.logged('serving health probes')!.port as number;
      const probe = (path: string) => fetch(`http://127.0.0.1:${probePort}${path}`);
      const get = (path: string) => fetch(`http://127.0.0.1:${metricsPort}${path}`);
      expect((await probe('/healthz')).status, '/healthz').toBe(200);
      const outside = outsideAddress();
      if (outside) {
        const answer = await fetch(`http://${outside}:${probePort}/healthz`).then((r) => r.status, (error: Error) => `no answer (${(error.cause as Error | undefined)?.message ?? error.message})`);
        expect(answer, `/healthz on ${outside}, not only on 127.0.0.1: the kubelet probes the pod's IP`).toBe(200);
      } else {
        console.log('4-controller: no non-loopback IPv4 address on this machine, so listening on every interface is not checked here');
      }
      await waitFor('/readyz to answer 200', async () => (run.check(), (await probe('/readyz')).status === 200), { timeoutMs: 30_000, lastSeen: run.tail });

      const host = new URL(adminKubeConfig().getCurrentCluster()!.server).host;
      const createsCounted = (metrics: string) => Number(new RegExp(`^rest_client_requests_total\\{code="201",method="POST",host="${host}"\\} (\\S+)$`, 'm').exec(metrics)?.[1] ?? 0);
      const createsBefore = createsCounted(await (await get('/metrics')).text());
      await adminCore().createNamespacedConfigMap({ namespace: sourceNs, body: { metadata: { name: 'cm-metrics', labels: { mirror: 'true' } }, data: { v: '1' } } });
      await waitFor('the mirror', async () => (await adminCore().listNamespacedConfigMap({ namespace: target })).items.some((cm) => cm.metadata?.name === 'cm-metrics'), { lastSeen: run.tail });
      let text = '';
      const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? Number.NaN);
      await waitFor('the metrics to show the work', async () => {
        text = await (await get('/metrics')).text();
        return value(/^workqueue_work_duration_seconds_count\{name="mirror"\} (\S+)$/m) > 0 && value(/^controller_runtime_reconcile_total\{controller="mirror",result="success"\} (\S+)$/m) > 0;
      }, { lastSeen: () => text.split('\n').filter((l) => /^(workqueue_|controller_runtime_)/.test(l)).slice(0, 12).join('\n') });
      expect(value(/^workqueue_adds_total\{name="mirror"\} (\S+)$/m), 'workqueue_adds_total{name="mirror"}').toBeGreaterThan(0);
      expect(value(/^controller_runtime_max_concurrent_reconciles\{controller="mirror"\} (\S+)$/m), 'controller_runtime_max_concurrent_reconciles{controller="mirror"} (--workers 2)').toBe(2);
      const posts = text.split('\n').filter((l) => l.startsWith('rest_client_requests_total{') && l.includes('method="POST"'));
      // The mirror's create goes through the controller's own client: it must be counted too, not only the Lease's.
      expect(createsCounted(text), `rest_client_requests_total{code="201",method="POST",host="${host}"} after the mirror's create (before it: ${createsBefore}); POST samples seen:\n${posts.join('\n') || '(none)'}`).toBeGreaterThan(createsBefore);
      expect(value(/^leader_election_master_status\{name="mirror-controller"\} (\S+)$/m), 'leader_election_master_status').toBe(1);
      expect(text, 'process metrics').toMatch(/^process_cpu_seconds_total /m);

      run.child.kill('SIGTERM');
      const code = await Promise.race([run.exited, new Promise((resolve) => setTimeout(() => resolve('still running after 15 s'), 15_000))]);
      expect(code, `exit code after SIGTERM\n${run.tail()}`).toBe(0);
      const lease = await adminKubeConfig().makeApiClient(CoordinationV1Api).readNamespacedLease({ namespace: home, name: 'mirror-controller' });
      expect(lease.spec?.holderIdentity ?? '', 'the Lease is released').toBe('');
    },
    90_000,
  );

  checkpoint(
    'ready means ready: not before the API server is reached; what stops the start is one line and a non-zero exit',
    {
      expect: 'with a kubeconfig whose API server does not answer: after two failed reads of the Lease, /healthz 200 but /readyz 503 saying the API server was not reached; --lease-namespace naming a namespace that does not exist → exit 1, the last line a plain sentence naming it; KUBECONFIG naming a missing file → exit 1, one line naming the file; --prefix bare- in the namespace bare-controller (POD_NAMESPACE), which the prefix would match → exit 2, one sentence naming it (the prefix policy\'s parameter lives there); --health-probe-bind-address on a port in use → exit 1, one line naming the port, no stack trace; --metrics-bind-address 0 → no metrics server; --help lists every flag and exits 0',
      look: todo('7.2', 'main.ts is given'),
    },
    async () => {
      const home = await testNamespace('ready-home');
      const prefix = `${runPrefix()}r${Date.now().toString(36).slice(-4)}-`;
      // An API server address where nothing listens: a port we held and closed.
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const deadPort = (closed.address() as { port: number }).port;
      await new Promise((resolve) => closed.close(resolve));
      const dir = mkdtempSync(join(tmpdir(), 'bc-unreachable-'));
      onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
      writeFileSync(join(dir, 'kubeconfig'), JSON.stringify({
        apiVersion: 'v1', kind: 'Config', 'current-context': 'dead',
        clusters: [{ name: 'dead', cluster: { server: `https://127.0.0.1:${deadPort}`, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'u', user: { token: 'unused' } }],
        contexts: [{ name: 'dead', context: { cluster: 'dead', user: 'u' } }],
      }), { mode: 0o600 });
      const cut = startMain(['--prefix', prefix, '--metrics-bind-address', ':0', '--health-probe-bind-address', ':0', '--lease-namespace', home, '--identity', 'cut-off'], { KUBECONFIG: join(dir, 'kubeconfig') });
      await waitFor('the "serving metrics" and "serving health probes" log lines', () => (cut.check(), cut.logged('serving metrics') !== undefined && cut.logged('serving health probes') !== undefined), { timeoutMs: 30_000, lastSeen: cut.tail });
      const probePort = cut.logged('serving health probes')!.port as number;
      const metricsPort = cut.logged('serving metrics')!.port as number;
      // Not a timer: the process's own request counter says when the elector has tried the Lease twice and failed.
      let failedGets = 0;
      await waitFor('two failed reads of the Lease (rest_client_requests_total{code="<error>",method="GET"} ≥ 2)', async () => {
        const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
        failedGets = Number(/^rest_client_requests_total\{code="<error>",method="GET",[^}]*\} (\S+)$/m.exec(text)?.[1] ?? 0);
        return failedGets >= 2;
      }, { timeoutMs: 20_000, lastSeen: () => `${failedGets} failed GETs counted\n${cut.tail()}` });
      expect((await fetch(`http://127.0.0.1:${probePort}/healthz`)).status, '/healthz: the process is alive').toBe(200);
      const ready = await fetch(`http://127.0.0.1:${probePort}/readyz`);
      const why = await ready.text();
      expect(`${ready.status} ${why.trim()}`, '/readyz while the API server has never answered').toMatch(/^503 .*API server/);
      cut.child.kill('SIGKILL');

      const missing = `${runPrefix()}no-such-ns`;
      const noNamespace = await exitOf(startMain(['--prefix', prefix, '--health-probe-bind-address', ':0', '--metrics-bind-address', '0', '--lease-namespace', missing]));
      expect(noNamespace.code, `exit code with --lease-namespace ${missing}, which does not exist; stderr:\n${noNamespace.output}`).toBe(1);
      expect(noNamespace.last, `the last line on stderr: one plain sentence naming ${missing}`).toMatch(plainLine);
      expect(noNamespace.last, `the last line on stderr: one plain sentence naming ${missing}`).toContain(missing);

      const kubeconfigPath = join(dir, 'no-such-kubeconfig');
      const badKubeconfig = await exitOf(startMain(['--prefix', prefix], { KUBECONFIG: kubeconfigPath }));
      expect(badKubeconfig.code, `exit code with KUBECONFIG naming a missing file; stderr:\n${badKubeconfig.output}`).toBe(1);
      expect(badKubeconfig.last, 'the last line on stderr: one plain sentence naming the file').toMatch(plainLine);
      expect(badKubeconfig.last, 'the last line on stderr: one plain sentence naming the file').toContain(kubeconfigPath);

      const ownNamespace = await exitOf(startMain(['--prefix', 'bare-'], { POD_NAMESPACE: 'bare-controller' }));
      expect(ownNamespace.code, `exit code with --prefix bare- in the namespace bare-controller; stderr:\n${ownNamespace.output}`).toBe(2);
      expect(ownNamespace.output, 'stderr: one plain sentence naming the namespace the prefix would match').toMatch(/^(?!\{)(?!\s+at ).*bare-controller/m);

      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '0.0.0.0', resolve));
      onTestFinished(() => void taken.close());
      const takenPort = (taken.address() as { port: number }).port;
      const inUse = await exitOf(startMain(['--prefix', prefix, '--metrics-bind-address', '0', '--health-probe-bind-address', `:${takenPort}`, '--lease-namespace', home]));
      expect(inUse.code, `exit code with --health-probe-bind-address :${takenPort}, a port in use; stderr:\n${inUse.output}`).toBe(1);
      expect(inUse.last, 'the last line on stderr: one plain sentence naming the port, no stack trace').toMatch(plainLine);
      expect(inUse.last, 'the last line on stderr: one plain sentence naming the port').toContain(String(takenPort));
      expect(inUse.output, 'no stack trace on stderr').not.toMatch(/^\s+at /m);
      expect(inUse.output, '--metrics-bind-address 0 turns the metrics server off: no "serving metrics" line').not.toContain('"serving metrics"');

      const help = await exitOf(startMain(['--help']));
      expect(help.code, '--help exits 0').toBe(0);
      const flags = ['--prefix', '--workers', '--resync', '--lease-namespace', '--lease-name', '--identity', '--metrics-bind-address', '--health-probe-bind-address'];
      expect(flags.filter((flag) => !help.stdout.includes(flag)), `flags missing from --help:\n${help.stdout}`).toEqual([]);
    },
    120_000,
  );
});
