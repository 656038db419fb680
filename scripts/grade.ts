/**
 * npm run grade -- <folder> [--name <learner>]
 *
 * Grades a learner's copy of labs/ with the same checkpoints the learner
 * runs, and writes a report to keep: reports/grade-<name>-<date>.md (and .json).
 * The learner's folder is copied first and never written to.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { repoRoot } from './cluster/paths.js';
import { count, type RunResults } from './report/results.js';
import { stages } from './stages.js';
import { checkpointReporter, runVitest } from './vitest-run.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n\nUsage: npm run grade -- <folder laid out like labs/> [--name <learner>]\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let folder: string | undefined;
let name: string | undefined;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--name') name = args[++i] ?? fail('--name needs a value.');
  else if (!folder) folder = args[i];
  else fail(`Unexpected argument: ${args[i]}`);
}
if (!folder) fail('Name the folder to grade.');
const source = resolve(folder);
if (!existsSync(source) || !statSync(source).isDirectory()) fail(`${source} is not a folder.`);
const available = stages.filter((s) => s.available);
const present = available.filter((s) => existsSync(join(source, s.dir)));
if (present.length === 0) fail(`${source} has none of the stage folders (${available.map((s) => s.dir).join(', ')}). Point at the learner's copy of labs/.`);

const learner = (name ?? basename(source)).replace(/[^a-zA-Z0-9._-]+/g, '-');
const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
// Inside the repository so the copy resolves the workbook's node_modules.
const copy = join(repoRoot, '.grading', `${learner}-${stamp}`);
mkdirSync(copy, { recursive: true });
cpSync(source, copy, { recursive: true, filter: (path) => !path.includes('node_modules') });
if (!existsSync(join(copy, 'todo.ts'))) cpSync(join(repoRoot, 'labs', 'todo.ts'), join(copy, 'todo.ts'));

const reports = join(repoRoot, 'reports');
mkdirSync(reports, { recursive: true });
const jsonFile = join(reports, `grade-${learner}-${stamp}.json`);
process.stdout.write(`Grading ${source} (${present.length} of ${available.length} stages present) as "${learner}"…\n\n`);
const needsCluster = available.some((s) => s.cluster);
try {
  await runVitest(['--project', 'checkpoints', ...available.map((s) => `checkpoints/${s.dir}/`), `--reporter=${checkpointReporter}`], {
    BARE_TARGET: copy,
    BARE_RESULTS_FILE: jsonFile,
    BARE_REPORT: 'brief',
    ...(needsCluster ? {} : { BARE_CLUSTER: 'none' }),
  });
} finally {
  rmSync(copy, { recursive: true, force: true });
}

if (!existsSync(jsonFile)) fail('The checkpoint run produced no results; see the output above.');
const run = JSON.parse(readFileSync(jsonFile, 'utf8')) as RunResults;
const workbook = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const lines: string[] = [
  `# Bare Controller — grade report for ${learner}`,
  '',
  `- Graded: ${new Date().toISOString()}`,
  `- Folder: ${source}`,
  `- Workbook revision: ${workbook}`,
  '',
  '| Stage | Checkpoints passed |',
  '|---|---|',
];
let total = 0;
let passedAll = 0;
for (const stage of available) {
  const results = run.results.filter((r) => r.stage === stage.dir);
  const { passed, skipped } = count(results);
  total += results.length;
  passedAll += passed;
  const present = existsSync(join(source, stage.dir));
  lines.push(`| ${stage.number} · ${stage.title} | ${present ? `${passed} / ${results.length}${skipped ? ` (${skipped} not run)` : ''}` : 'folder missing'} |`);
}
lines.push(`| **Total** | **${passedAll} / ${total}** |`, '');
const failed = run.results.filter((r) => r.state !== 'passed');
if (failed.length > 0) {
  lines.push('## Not passing', '');
  for (const r of failed) {
    lines.push(`### ${r.stage} · ${r.title}`, '', '```', (r.state === 'skipped' ? `not run: ${r.note}` : (r.message ?? '')).trim(), '```', '');
  }
}
const mdFile = jsonFile.replace(/\.json$/, '.md');
writeFileSync(mdFile, `${lines.join('\n')}\n`);
process.stdout.write(`\n${passedAll} of ${total} checkpoints pass.\nReport: ${mdFile}\nData:   ${jsonFile}\n`);
