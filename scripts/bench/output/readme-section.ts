import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineLine } from './machine.js';
import { ratioTable, type BenchRun } from './summary.js';
import { repoRoot } from '../../workbook/paths.js';

const begin = '<!-- bench:begin (npm run bench -- --readme rewrites this part) -->';
const end = '<!-- bench:end -->';
/** Committed, unlike reports/: the README's chart must be there on a fresh clone. */
export const committedChart = join('scripts', 'bench', 'results', 'latest.svg');

/**
 * Puts this run's ratios, machine and chart between the README's bench
 * markers; nothing else in the README is touched. Only on request (--readme):
 * a partial or noisy run should not silently replace the published figures.
 */
export function updateReadme(run: BenchRun, chartSvgFile: string): void {
  const readmePath = join(repoRoot, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const from = readme.indexOf(begin);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no bench markers (${begin} … ${end})`);
  mkdirSync(join(repoRoot, 'scripts', 'bench', 'results'), { recursive: true });
  copyFileSync(chartSvgFile, join(repoRoot, committedChart));
  const section = [
    begin,
    `Latest run: ${run.finishedAt.slice(0, 10)}, on ${machineLine(run.machine)}.`,
    '',
    `![Ratios against their aims](${committedChart})`,
    '',
    ratioTable(run.reports),
    end,
  ].join('\n');
  writeFileSync(readmePath, readme.slice(0, from) + section + readme.slice(to + end.length));
}
