import { CoordinationV1Api } from '@kubernetes/client-node';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, onTestFinished } from 'vitest';
import { resolveTarget } from '../../scripts/target.js';
import { checkpoint } from '../harness/checkpoint.js';
import { adminCore, adminKubeConfig, clusterInfo, runPrefix, testNamespace } from '../harness/cluster.js';
import { todo } from '../harness/look.js';
import { StopWaiting, waitFor } from '../harness/wait.js';

/** Runs `<target>/07-metrics/main.ts` as its own process, as a Deployment would, against this run's cluster. */
function startMain(args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'bc-main-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, clusterInfo().kubeconfig, { mode: 0o600 });
  const main = join(resolveTarget(), '07-metrics', 'main.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], { env: { ...process.env, KUBECONFIG: kubeconfig }, stdio: ['ignore', 'ignore', 'pipe'] });
  const lines: string[] = [];
  let buffered = '';
  child.stderr.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  onTestFinished(async () => {
    child.kill('SIGKILL');
    await exited;
  });
  const logged = (msg: string) => lines.map((l) => { try { return JSON.parse(l) as Record<string, unknown>; } catch { return undefined; } }).find((l) => l?.msg === msg);
  return { child, lines, exited, logged, tail: () => lines.slice(-8).join('\n') };
}

describe('7 · The controller as a process: probes, metrics, shutdown', () => {
  checkpoint(
    'main.ts serves /readyz once leading with synced caches, exports workqueue and leader metrics, and exits 0 on SIGTERM, releasing the Lease',
    {
      expect: 'the process logs the port it serves; /healthz 200; /readyz 200 once ready; after a source is mirrored, /metrics has workqueue_adds_total{name="mirror"} > 0, workqueue_work_duration_seconds_count{name="mirror"} > 0, leader_election_master_status{name="mirror-controller"} 1 and process metrics; SIGTERM → exit code 0 and the Lease released',
      look: todo('7.1', '7.2', 'main.ts is given'),
    },
    async () => {
      const home = await testNamespace('metrics-home');
      const prefix = `${runPrefix()}m${Date.now().toString(36).slice(-4)}-`;
      const target = await testNamespace('metrics-target', { name: `${prefix}a` });
      const sourceNs = await testNamespace('metrics-src');
      const run = startMain(['--prefix', prefix, '--metrics-port', '0', '--lease-namespace', home, '--identity', 'metrics-checkpoint']);
      const failedEarly = () => {
        if (run.child.exitCode === null) return;
        const notWritten = run.lines.map((l) => /NotImplementedError: (.*)/.exec(l)?.[1]).find(Boolean);
        throw new StopWaiting(notWritten ? `main.ts stopped at a TODO: ${notWritten}` : `main.ts exited with ${run.child.exitCode}:\n${run.tail()}`);
      };
      await waitFor('the "serving probes and metrics" log line with its port', () => (failedEarly(), run.logged('serving probes and metrics') !== undefined), { timeoutMs: 30_000, lastSeen: run.tail });
      const port = run.logged('serving probes and metrics')!.port as number;
      const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);
      expect((await get('/healthz')).status, '/healthz').toBe(200);
      await waitFor('/readyz to answer 200', async () => (failedEarly(), (await get('/readyz')).status === 200), { timeoutMs: 30_000, lastSeen: run.tail });

      await adminCore().createNamespacedConfigMap({ namespace: sourceNs, body: { metadata: { name: 'cm-metrics', labels: { mirror: 'true' } }, data: { v: '1' } } });
      await waitFor('the mirror', async () => (await adminCore().listNamespacedConfigMap({ namespace: target })).items.some((cm) => cm.metadata?.name === 'cm-metrics'), { lastSeen: run.tail });
      let text = '';
      const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? Number.NaN);
      await waitFor('the metrics to show the work', async () => {
        text = await (await get('/metrics')).text();
        return value(/^workqueue_work_duration_seconds_count\{name="mirror"\} (\S+)$/m) > 0;
      }, { lastSeen: () => text.split('\n').filter((l) => l.startsWith('workqueue_')).slice(0, 6).join('\n') });
      expect(value(/^workqueue_adds_total\{name="mirror"\} (\S+)$/m), 'workqueue_adds_total{name="mirror"}').toBeGreaterThan(0);
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
});
