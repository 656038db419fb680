/**
 * npm run bench [-- name …] [--readme] [--from run.json] — runs the benchmarks in scripts/bench/
 * and prints each as figures plus ratios against a baseline measured in the
 * same run (never absolute timings: machines differ, ratios travel). Writes
 * reports/bench/<time>.json, a Markdown summary and an SVG chart of the ratios
 * next to it, and the same as reports/bench/latest.{md,svg}. --readme also
 * puts the ratios and chart into the README's benchmark section. --from
 * renders a saved run's JSON again instead of running anything.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ratioChart } from '../bench/output/chart.js';
import { describeMachine, machineLine } from '../bench/output/machine.js';
import { updateReadme } from '../bench/output/readme-section.js';
import { markdownSummary, type BenchRun } from '../bench/output/summary.js';
import { formatReport, type BenchReport } from '../bench/report.js';
import type { Flags } from '../../solutions/00-common/flags.js';
import { defineCommand } from '../workbook/command.js';
import { repoRoot } from '../workbook/paths.js';

const dir = join(repoRoot, 'scripts', 'bench');
const args = process.argv.slice(2);

/** One line each for --help (the help test fails for a benchmark file without one). */
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'report.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const benchmarkSummaries: Record<string, string> = {
  burst: 'stage 4\'s controller under a burst: a 1 MiB source updated 50 times in 20 s into 10 namespaces; writes per update, lag after the last',
  'control-plane': 'each phase of the test cluster\'s start (etcd, API servers, controller manager); aim: ready in 2 s',
  informer: 'stage 2\'s informer vs client-node\'s makeInformer: initial sync of 5,000 ConfigMaps, time and heap',
  'learner-loop': 'per stage, warm: time to the first result line and the whole suite (aims 3 s, 20 s)',
  mirror: 'stage 4\'s controller: fan-out to 100 namespaces vs a bare create loop, restart writes',
  'vs-client-go': 'the solutions vs client-go itself (Go, built and cached): informer sync and memory, queue, election, fan-out',
  workqueue: 'stage 3\'s queue vs the smallest correct FIFO: add/get/done rate over 100,000 keys',
};
const command = defineCommand({
  name: 'bench',
  usage: ['npm run bench [-- <name> …] [--readme] [--from <run.json>]'],
  about: `Runs the benchmarks (all, or the named ones) and prints ratios against a baseline
measured in the same run. Writes reports/bench/<time>.{json,md,svg} and latest.{md,svg}.

Benchmarks:
${all.map((name) => `  ${name.padEnd(14)}  ${benchmarkSummaries[name] ?? '(no summary: add one to benchmarkSummaries in scripts/commands/bench.ts)'}`).join('\n')}`,
  flags: {
    readme: { type: 'boolean', help: "also put the ratios and chart into README.md's Benchmarks section" },
    from: { type: 'string', value: '<run.json>', needs: 'a saved run (reports/bench/<time>.json).', help: 'render a saved run again instead of running anything' },
  } as const satisfies Flags,
  positionals: true,
});
const { values, positionals: wanted } = command.parse(args);
const readme = values.readme ?? false;
const from = values.from;
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length) command.refuse(`No benchmark named ${unknown.join(', ')}. Available: ${all.join(', ')}.`);

await command.run(async () => {
  const saved = from ? (JSON.parse(readFileSync(from, 'utf8')) as BenchRun) : undefined;
  const reports: BenchReport[] = saved?.reports ?? [];
  for (const name of saved ? [] : wanted.length ? wanted : all) {
    process.stderr.write(`[bench] ${name}…\n`);
    const module = (await import(pathToFileURL(join(dir, `${name}.ts`)).href)) as { default: () => Promise<BenchReport | BenchReport[]> };
    // A benchmark answers one report, or several (vs-client-go: one per workload).
    for (const report of [await module.default()].flat()) {
      reports.push(report);
      process.stdout.write(`\n${formatReport(report)}\n`);
    }
  }

  const run: BenchRun = saved ?? { finishedAt: new Date().toISOString(), machine: describeMachine(), reports };
  const outDir = join(repoRoot, 'reports', 'bench');
  const stamp = run.finishedAt.replace(/[:.]/g, '-').slice(0, 19);
  mkdirSync(outDir, { recursive: true });
  const file = (ext: string) => join(outDir, `${stamp}.${ext}`);
  writeFileSync(file('json'), `${JSON.stringify(run, null, 2)}\n`);
  writeFileSync(file('svg'), ratioChart(reports, machineLine(run.machine)));
  writeFileSync(file('md'), markdownSummary(run, `${stamp}.svg`));
  copyFileSync(file('svg'), join(outDir, 'latest.svg'));
  writeFileSync(join(outDir, 'latest.md'), markdownSummary(run, 'latest.svg'));
  process.stdout.write(`\nSaved ${file('json')}, .md and .svg (also as reports/bench/latest.md and latest.svg)\n`);
  if (readme) {
    updateReadme(run, file('svg'));
    process.stdout.write('README.md: benchmark section updated\n');
  }
});
