import { describe, expect } from 'vitest';
import { startProxy } from '../harness/api-proxy.js';
import { startTargetMain } from '../harness/target-main.js';
import { checkpoint } from '../harness/checkpoint.js';
import { runPrefix, testNamespace } from '../harness/cluster.js';
import { todo } from '../harness/look.js';
import { sleep, waitFor } from '../harness/wait.js';

/** The process's last log line, cut short: enough to say where it was. */
const lastLine = (lines: string[]) => (lines.filter((l) => l.trim() !== '').at(-1) ?? '(none)').slice(0, 240);

/** The kubelet's default probe timeout (timeoutSeconds: 1): a correctness bound, an answer later than this is a failed probe. */
const probeTimeoutMs = 1000;
/** Short lease timings, so the leader reaches its renew deadline a few seconds into the outage. */
const timings = ['--lease-duration', '4s', '--renew-deadline', '3s', '--retry-period', '1s'];

async function startReady(name: string) {
  const home = await testNamespace(`${name}-home`);
  const prefix = `${runPrefix()}${name[0]}${Date.now().toString(36).slice(-4)}-`;
  const proxy = await startProxy();
  const run = startTargetMain('07-metrics', proxy.kubeConfig().exportConfig(), ['--prefix', prefix, '--metrics-bind-address', '0', '--health-probe-bind-address', ':0', '--lease-namespace', home, '--identity', name, ...timings]);
  const logged = (msg: string) => run.lines.some((l) => l.includes(`"msg":"${msg}`));
  const port = await waitFor('the "serving health probes" log line with its port', () => {
    run.check();
    const line = run.lines.find((l) => l.includes('"msg":"serving health probes"'));
    return line ? (JSON.parse(line) as { port: number }).port : undefined;
  }, { timeoutMs: 30_000, lastSeen: run.tail });
  const probe = (path: string) => fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(probeTimeoutMs) });
  await waitFor('/readyz to answer 200', async () => (run.check(), (await probe('/readyz')).status === 200), { timeoutMs: 30_000, lastSeen: run.tail });
  return { proxy, run, logged, probe };
}

/**
 * Probes /livez and /readyz every 100 ms, as a kubelet would (each with its 1 s
 * timeout), until the process exits or `forMs` passed. A probe that got no
 * answer in time, or an error while the process went on living, is a miss; a
 * connection refused or reset as the process exits is no miss.
 */
async function probeUntilExit(setup: Awaited<ReturnType<typeof startReady>>, forMs: number) {
  const { run, probe } = setup;
  const started = Date.now();
  const misses: string[] = [];
  const answers: { path: string; status: number; at: number }[] = [];
  while (run.child.exitCode === null && Date.now() - started < forMs) {
    for (const path of ['/livez', '/readyz']) {
      const at = Date.now() - started;
      try {
        answers.push({ path, status: (await probe(path)).status, at });
      } catch (error) {
        const why = (error as Error).name === 'TimeoutError' ? `no answer within ${probeTimeoutMs} ms` : ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
        await sleep(500);
        if ((error as Error).name === 'TimeoutError' || run.child.exitCode === null) misses.push(`${path} at ${(at / 1000).toFixed(1)} s: ${why}`);
      }
    }
    await sleep(100);
  }
  return { misses, answers, exitCode: run.child.exitCode };
}

describe('7 · Probes during an API server outage', () => {
  checkpoint(
    'while the API server does not answer, the probes do, until the leader steps down and the process exits',
    {
      expect: `once ready, the API server is black-holed (connections accepted, never answered); /livez and /readyz, asked every 100 ms, each answer within the kubelet's ${probeTimeoutMs} ms probe timeout for as long as the process lives, /livez with 200; at its renew deadline the leader steps down and the process exits 1 on its own`,
      look: todo('7.2', 'answer from what is at hand, never awaiting the API server; main.ts is given'),
    },
    async () => {
      const setup = await startReady('outage');
      setup.proxy.blackHole();
      const { misses, answers, exitCode } = await probeUntilExit(setup, 20_000);
      expect(misses, `probes that got no answer while the process lived (${answers.length} answered); its last line: ${lastLine(setup.run.lines)}`).toEqual([]);
      expect(answers.filter((a) => a.path === '/livez' && a.status !== 200).map((a) => `${a.status} at ${(a.at / 1000).toFixed(1)} s`), '/livez answers other than 200: liveness must not depend on the API server').toEqual([]);
      expect(exitCode ?? 'still running 20 s into the outage', `exit code once the leader gave up at its renew deadline (3 s); its last line: ${lastLine(setup.run.lines)}`).toBe(1);
    },
    90_000,
  );

  checkpoint(
    'SIGTERM during an outage: readiness says 503 at once, the probes answer, the process exits on its own',
    {
      expect: `once ready, the API server is black-holed, then SIGTERM: from the "shutting down" log line on, /readyz answers 503 (a stopping replica takes no traffic); every probe answers within ${probeTimeoutMs} ms while the process lives; the process exits on its own (its release of the Lease bounded by the renew deadline, TODO 5.4) before the kubelet's 30 s grace period would kill it`,
      look: todo('7.2', 'main.ts is given'),
    },
    async () => {
      const setup = await startReady('stopping');
      setup.proxy.blackHole();
      setup.run.child.kill('SIGTERM');
      await waitFor('the "shutting down" log line', () => setup.logged('shutting down'), { timeoutMs: 10_000, lastSeen: setup.run.tail });
      const ready = await setup.probe('/readyz').then((r) => r.status, (error: Error) => `no answer (${error.name === 'TimeoutError' ? `none within ${probeTimeoutMs} ms` : error.message})`);
      expect(ready, '/readyz right after "shutting down"').toBe(503);
      const { misses, answers, exitCode } = await probeUntilExit(setup, 30_000);
      expect(misses, `probes that got no answer while the process lived (${answers.length} answered); its last line: ${lastLine(setup.run.lines)}`).toEqual([]);
      expect(answers.filter((a) => a.path === '/readyz' && a.status !== 503).map((a) => `${a.status} at ${(a.at / 1000).toFixed(1)} s`), '/readyz answers other than 503 while stopping').toEqual([]);
      expect(exitCode === null ? 'still running 30 s after SIGTERM' : 'exited', `the process after SIGTERM with the API server black-holed; its last line: ${lastLine(setup.run.lines)}`).toBe('exited');
    },
    90_000,
  );
});
