/**
 * Control-plane start: each phase of startEnvtest (etcd, the API servers, the
 * controller manager, readiness polling included in each), median of several
 * starts, against the aim of a test cluster ready in 2 s. Ready means what a
 * test run waits for (startEnvtest returns: the API serves); the phases after
 * it (bootstrap hooks, controller manager) run on while the tests start, and
 * "settled" says when they are done. Run it alone with
 * `npm run bench -- control-plane`.
 */
import { pathToFileURL } from 'node:url';
import { startEnvtest } from '../cluster/envtest.js';
import type { Phase } from '../cluster/phases.js';
import { newRunId } from '../cluster/select.js';
import { formatReport, median, type BenchReport } from './report.js';

const starts = 5;
const aimMs = 2_000;

export default async function bench(): Promise<BenchReport> {
  const runs: { totalMs: number; settledMs: number; phases: Phase[] }[] = [];
  // One start first, not counted: it pages the binaries in from disk.
  for (let i = 0; i <= starts; i++) {
    const began = performance.now();
    // As a test run starts it (npm test, npm run lab:N): default options, no node.
    const cluster = await startEnvtest({ runId: newRunId(), log: () => undefined });
    const totalMs = performance.now() - began;
    await cluster.settled;
    const settledMs = performance.now() - began;
    await cluster.stop();
    if (i > 0) runs.push({ totalMs, settledMs, phases: cluster.phases });
    process.stderr.write(`[bench] control-plane start ${i}/${starts}${i === 0 ? ' (warm-up)' : ''}: ready ${(totalMs / 1000).toFixed(2)} s, settled ${(settledMs / 1000).toFixed(2)} s\n`);
  }
  const names = [...new Set(runs.flatMap((r) => r.phases.map((p) => p.name)))];
  const total = median(runs.map((r) => r.totalMs));
  return {
    name: `Control plane ready (envtest, as a test run starts it), median of ${starts} starts`,
    rows: [
      ...names.map((name) => {
        const of = (r: (typeof runs)[number]) => r.phases.find((p) => p.name === name);
        const durations = runs.map(of).filter((p): p is Phase => p !== undefined);
        const from = median(durations.map((p) => p.startMs));
        const to = median(durations.map((p) => p.endMs));
        return { label: `${name} (${Math.round(from)} → ${Math.round(to)} ms)`, value: median(durations.map((p) => p.endMs - p.startMs)), unit: 'ms' };
      }),
      { label: 'ready: startEnvtest, call to return', value: total, unit: 'ms' },
      { label: 'settled: bootstrap hooks done, controller manager up', value: median(runs.map((r) => r.settledMs)), unit: 'ms' },
    ],
    ratios: [{ label: `control plane ready / aim of ${aimMs / 1000} s`, value: total / aimMs, goal: '≤ 1', ok: total <= aimMs, chart: { goal: 1 } }],
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.stdout.write(`${formatReport(await bench())}\n`);
