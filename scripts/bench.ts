/**
 * npm run bench [-- name …]  — runs the benchmarks in scripts/bench/ and prints
 * each as figures plus ratios against a baseline measured in the same run
 * (never absolute timings: machines differ, ratios travel). Writes
 * reports/bench-<date>.json.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './cluster/paths.js';
import { formatReport, type BenchReport } from './bench/report.js';

const dir = join(repoRoot, 'scripts', 'bench');
const wanted = process.argv.slice(2);
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'report.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length) {
  process.stderr.write(`No benchmark named ${unknown.join(', ')}. Available: ${all.join(', ')}\n`);
  process.exit(2);
}

const reports: BenchReport[] = [];
for (const name of wanted.length ? wanted : all) {
  process.stderr.write(`[bench] ${name}…\n`);
  const module = (await import(pathToFileURL(join(dir, `${name}.ts`)).href)) as { default: () => Promise<BenchReport> };
  const report = await module.default();
  reports.push(report);
  process.stdout.write(`\n${formatReport(report)}\n`);
}
const out = join(repoRoot, 'reports', `bench-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.json`);
mkdirSync(join(repoRoot, 'reports'), { recursive: true });
writeFileSync(out, `${JSON.stringify({ node: process.version, reports }, null, 2)}\n`);
process.stdout.write(`\nSaved ${out}\n`);
