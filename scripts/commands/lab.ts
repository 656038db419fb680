/**
 * npm run lab:N — runs stage N's checkpoints against your code in labs/ and
 * says in plain words what is still missing. `npm run lab -- --help` lists
 * the options (--only, --all, --watch, --target).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { labUsage, LabUsageError, parseLabArgs, type LabArgs } from '../lab/args.js';
import { indexStage } from '../lab/checkpoint-index.js';
import { footer } from '../lab/footer.js';
import { namePattern, selectCheckpoints } from '../lab/only.js';
import { watchVitest } from '../lab/watch.js';
import { lastRun } from '../workbook/next-step.js';
import { progressFile } from '../workbook/progress.js';
import { readRunResults } from '../report/results.js';
import { missingCommon, resolveTarget } from '../workbook/target.js';
import { checkpointReporter, runVitest } from '../workbook/vitest-run.js';
import { stageByNumber, stages } from '../course/course.js';

function usage(message: string): never {
  process.stderr.write(`${message}\n\n${labUsage}\n`);
  process.exit(2);
}

let args: LabArgs | 'help';
try {
  args = parseLabArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof LabUsageError)) throw error;
  usage(error.message);
}
if (args === 'help') {
  process.stdout.write(`${labUsage}\n`);
  process.exit(0);
}

const stage = stageByNumber(args.stage) ?? usage(`There is no stage ${args.stage}.`);
if (!stage.available) {
  const ready = stages.filter((s) => s.available).map((s) => `${s.number} (${s.title})`);
  process.stdout.write(`Stage ${stage.number} · ${stage.title} is not written yet. Stages you can run now: ${ready.join(', ')}.\n`);
  process.exit(2);
}

let targetDir: string;
try {
  targetDir = resolveTarget(args.target);
} catch (error) {
  usage((error as Error).message);
}
// One line, not a load error for every checkpoint file.
if (!existsSync(join(targetDir, stage.dir))) {
  process.stdout.write(`\nStage ${stage.number} · ${stage.title}: folder missing (${join(targetDir, stage.dir)}).\n`);
  process.exit(1);
}
const noCommon = missingCommon(targetDir);
if (noCommon) {
  process.stdout.write(`\nStage ${stage.number} · ${stage.title}: ${noCommon}\n`);
  process.exit(1);
}

const vitestArgs = ['--project', 'checkpoints', `checkpoints/${stage.dir}/`, `--reporter=${checkpointReporter}`];
let onlyNote = '';
if (args.only !== undefined) {
  const index = indexStage(stage.dir);
  const chosen = selectCheckpoints(index, args.only);
  if (chosen.length === 0) {
    const ids = [...new Set(index.flatMap((c) => c.todos))].sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
    usage(`No checkpoint of stage ${stage.number} matches "${args.only}". Its checkpoints name TODO ${ids.join(', ')}; or give words from a title.`);
  }
  vitestArgs.push('-t', namePattern(chosen));
  onlyNote = `Only ${chosen.length} of ${index.length} checkpoints: those ${/^\d+\.\d+$/.test(args.only.trim()) ? `naming TODO ${args.only.trim()}` : `matching "${args.only}"`}.\n`;
}

process.stdout.write(`\nStage ${stage.number} · ${stage.title}  (${stage.clientGoNames})\nTesting: ${targetDir}\n${onlyNote}`);
if (stage.cluster) process.stdout.write('Starting a Kubernetes API server for the checkpoints (the very first run builds it: several minutes)…\n');
process.stdout.write('\n');

// A run of some checkpoints must not stand for the stage in npm start: it gets a file of its own.
const resultsFile = progressFile(stage, args.only === undefined ? args.target : `${args.target}-only`);
const before = args.target === 'labs' ? lastRun(stage) : undefined;
const env = {
  BARE_TARGET: targetDir,
  BARE_RESULTS_FILE: resultsFile,
  ...(args.all ? { BARE_REPORT: 'all' } : {}),
  ...(args.only !== undefined ? { BARE_ONLY: args.only } : {}),
  ...(stage.cluster ? {} : { BARE_CLUSTER: 'none' }),
  ...(stage.node ? { BARE_NODE: '1' } : {}),
};
if (args.watch) {
  process.stdout.write('Watching: save a file to run again; q or Ctrl-C to stop.\n');
  process.exit(await watchVitest(vitestArgs, env));
}
const code = await runVitest(vitestArgs, env);
process.stdout.write(`\n${footer({ stage, ok: code === 0, before, now: readRunResults(resultsFile), only: args.only !== undefined }).join('\n')}\n`);
process.exit(code);
