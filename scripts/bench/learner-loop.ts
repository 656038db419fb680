/**
 * The learner's loop, warm: with the dev cluster up (started here if none
 * runs, and stopped after), how long `npm run solution -- N` takes to print
 * its first result line, and its whole suite, per stage — and which
 * checkpoints the suite waits on longest. Aims: first result ≤ 3 s, a stage's
 * suite ≤ 20 s. Stage 8 is left out: it starts a cluster with a node of its own.
 * Run it alone with `npm run bench -- learner-loop`.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { runningDevCluster, startDevCluster, stopDevCluster } from '../cluster/dev-cluster.js';
import { formatReport, type BenchReport } from './report.js';
import { repoRoot } from '../workbook/paths.js';

const stageNumbers = [1, 2, 3, 4, 5, 6, 7];
const aims = { firstResultMs: 3_000, suiteMs: 20_000 };
const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);

interface StageRun {
  firstResultMs: number;
  suiteMs: number;
  /** The checkpoints that took longest, with their own durations. */
  slowest: { title: string; ms: number }[];
}

/** One `npm run solution -- N`, timed from spawn to its first ✓/✗ line and to its exit. */
function timeStage(stage: number): Promise<StageRun> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let firstResultMs = Number.NaN;
    const checkpoints: { title: string; ms: number }[] = [];
    const child = spawn('npm', ['run', '--silent', 'solution', '--', String(stage)], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    createInterface({ input: child.stdout }).on('line', (raw) => {
      // The checkpoint reporter's result line: "  ✓ 01-list-watch · title  1.2s" (colours stripped).
      const line = raw.replace(/\x1b\[[0-9;]*m/g, '');
      const result = /^\s+[✓✗–] \d\d-[\w-]+ · (.*?)\s{2}(?:(\d+\.\d)s)?/.exec(line);
      if (!result) return;
      if (Number.isNaN(firstResultMs)) firstResultMs = performance.now() - start;
      if (result[2]) checkpoints.push({ title: result[1]!, ms: Number(result[2]) * 1000 });
    });
    child.on('error', reject);
    child.on('close', () => {
      const slowest = [...checkpoints].sort((a, b) => b.ms - a.ms).slice(0, 3);
      resolve({ firstResultMs, suiteMs: performance.now() - start, slowest });
    });
  });
}

export default async function bench(): Promise<BenchReport> {
  const ours = runningDevCluster() ? undefined : await startDevCluster({ withNode: false, log: say });
  try {
    const runs = new Map<number, StageRun>();
    for (const stage of stageNumbers) {
      const run = await timeStage(stage);
      runs.set(stage, run);
      say(`stage ${stage}: first result ${(run.firstResultMs / 1000).toFixed(1)} s, suite ${(run.suiteMs / 1000).toFixed(1)} s; longest: ${run.slowest.map((s) => `${s.title.slice(0, 50)} (${(s.ms / 1000).toFixed(1)} s)`).join('; ')}`);
    }
    const all = [...runs.values()];
    const worstFirst = Math.max(...all.map((r) => r.firstResultMs));
    const worstSuite = Math.max(...all.map((r) => r.suiteMs));
    return {
      name: 'The learner loop, warm (dev cluster up): npm run solution -- N',
      rows: [...runs].flatMap(([stage, r]) => [
        { label: `stage ${stage}: first result line`, value: r.firstResultMs, unit: 'ms' },
        { label: `stage ${stage}: whole suite`, value: r.suiteMs, unit: 'ms' },
        ...r.slowest.slice(0, 1).map((s) => ({ label: `stage ${stage}: longest — ${s.title.slice(0, 40)}`, value: s.ms, unit: 'ms' })),
      ]),
      ratios: [
        { label: `slowest first result / ${aims.firstResultMs / 1000} s`, value: worstFirst / aims.firstResultMs, goal: '≤ 1', ok: worstFirst <= aims.firstResultMs, chart: { goal: 1 } },
        { label: `slowest stage suite / ${aims.suiteMs / 1000} s`, value: worstSuite / aims.suiteMs, goal: '≤ 1', ok: worstSuite <= aims.suiteMs, chart: { goal: 1 } },
      ],
    };
  } finally {
    if (ours) await stopDevCluster(ours, say);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.stdout.write(`${formatReport(await bench())}\n`);
