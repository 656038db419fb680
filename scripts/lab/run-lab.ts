/** One lab run: the stage's checkpoints against a target, then the footer that says what is next. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Stage } from '../course/course.js';
import { readRunResults } from '../report/results.js';
import { UsageError } from '../workbook/command.js';
import { lastRun } from '../workbook/next-step.js';
import { progressFile } from '../workbook/progress.js';
import { missingCommon, resolveTarget } from '../workbook/target.js';
import { checkpointReporter, runVitest } from '../workbook/vitest-run.js';
import type { LabArgs } from './args.js';
import { indexStage } from './checkpoint-index.js';
import { openTodos } from '../labs/open-todos.js';
import { firstBuildNote } from './first-build.js';
import { footer } from './footer.js';
import { namePattern, selectCheckpoints } from './only.js';
import { watchVitest } from './watch.js';

/** Runs the lab and answers its exit code: 0 every chosen checkpoint passed, 1 not. */
export async function runLab(stage: Stage, args: LabArgs): Promise<number> {
  let targetDir: string;
  try {
    targetDir = resolveTarget(args.target);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  // One line, not a load error for every checkpoint file.
  if (!existsSync(join(targetDir, stage.dir))) {
    process.stdout.write(`\nStage ${stage.number} · ${stage.title}: folder missing (${join(targetDir, stage.dir)}).\n`);
    return 1;
  }
  const noCommon = missingCommon(targetDir);
  if (noCommon) {
    process.stdout.write(`\nStage ${stage.number} · ${stage.title}: ${noCommon}\n`);
    return 1;
  }

  const vitestArgs = ['--project', 'checkpoints', `checkpoints/${stage.dir}/`, `--reporter=${checkpointReporter}`];
  let onlyNote = '';
  if (args.only !== undefined) {
    const index = indexStage(stage.dir);
    const chosen = selectCheckpoints(index, args.only);
    if (chosen.length === 0) {
      const ids = [...new Set(index.flatMap((c) => c.todos))].sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
      throw new UsageError(`No checkpoint of stage ${stage.number} matches "${args.only}". Its checkpoints name TODO ${ids.join(', ')}; or give words from a title.`);
    }
    vitestArgs.push('-t', namePattern(chosen));
    onlyNote = `Only ${chosen.length} of ${index.length} checkpoints: those ${/^\d+\.\d+$/.test(args.only.trim()) ? `naming TODO ${args.only.trim()}` : `matching "${args.only}"`}.\n`;
  }

  process.stdout.write(`\nStage ${stage.number} · ${stage.title}  (${stage.clientGoNames})\nTesting: ${targetDir}\n${onlyNote}`);
  // What this stage's cluster needs built; the rest is built when a later stage first needs it.
  const neededBinaries = ['etcd', 'kube-apiserver', ...(stage.controllers || stage.node ? ['kube-controller-manager'] : []), ...(stage.node ? ['kubectl'] : [])];
  if (stage.cluster) process.stdout.write(`Starting a Kubernetes API server for the checkpoints${firstBuildNote(neededBinaries)}…\n`);
  process.stdout.write('\n');

  // A run of some checkpoints must not stand for the stage in npm start: it gets a file of its own.
  const resultsFile = progressFile(stage, args.only === undefined ? args.target : `${args.target}-only`);
  const before = args.target === 'labs' ? lastRun(stage) : undefined;
  const env = {
    BARE_TARGET: targetDir,
    BARE_RESULTS_FILE: resultsFile,
    ...(args.all ? { BARE_REPORT: 'all' } : {}),
    ...(args.only !== undefined ? { BARE_ONLY: args.only } : {}),
    ...(stage.cluster ? { BARE_NEEDS_BINARIES: neededBinaries.join(',') } : { BARE_CLUSTER: 'none' }),
    ...(stage.node ? { BARE_NODE: '1' } : {}),
  };
  if (args.watch) {
    process.stdout.write('Watching: save a file to run again; q or Ctrl-C to stop.\n');
    return watchVitest(vitestArgs, env);
  }
  const code = await runVitest(vitestArgs, env);
  process.stdout.write(`\n${footer({ stage, ok: code === 0, before, now: readRunResults(resultsFile), only: args.only !== undefined, openTodoIds: openTodos(stage, targetDir).map((t) => t.id) }).join('\n')}\n`);
  return code;
}
