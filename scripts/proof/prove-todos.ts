import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, posix } from 'node:path';
import { stageOf, type RunResults } from '../report/results.js';
import { checkpointReporter, runVitest } from '../workbook/vitest-run.js';
import type { LookRecord } from './looks.js';
import { writeMutant } from './mutant.js';
import { judge, type TodoProof } from './verdict.js';
import { stages } from '../course/course.js';
import { repoRoot } from '../workbook/paths.js';

/** Checkpoint files the per-TODO loop leaves out, and why: the table says so. */
export const leftOut: Record<string, string> = {
  'checkpoints/08-deploy/3-on-the-node.test.ts': 'deploys to the node and waits for rollouts: minutes per TODO',
};

export interface ProofOptions {
  /** Which checkpoint names which TODO, recorded by the run over solutions/. */
  looks: LookRecord[];
  /** Hands the running cluster to each vitest run. */
  clusterEnv: Record<string, string>;
  /** Every checkpoint of the stage per TODO (slow), or only those that name it. */
  everyCheckpoint: boolean;
  /** Where results files go. */
  scratch: string;
  /** Told about each TODO as it is done. */
  progress: (row: TodoProof) => void;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function checkpointFiles(dir: string): string[] {
  return readdirSync(join(repoRoot, 'checkpoints', dir))
    .filter((name) => name.endsWith('.test.ts'))
    .sort()
    .map((name) => posix.join('checkpoints', dir, name));
}

/**
 * For each TODO, stage by stage: a mutant with only that TODO undone
 * (mutant.ts), and that stage's checkpoints against it — only the ones that
 * name the TODO, or all of them with `everyCheckpoint`. One vitest run per
 * TODO, one after another on the one shared cluster: checkpoints time real
 * watches, and two runs at once on two cores would only make them flaky.
 */
export async function proveTodos(options: ProofOptions): Promise<TodoProof[]> {
  const rows: TodoProof[] = [];
  for (const stage of stages.filter((s) => s.available)) {
    const stageLooks = options.looks.filter((l) => stageOf(l.file) === stage.dir);
    for (const todo of stage.todos) {
      const named = stageLooks.filter((l) => l.todos.includes(todo.id));
      const wanted = options.everyCheckpoint ? checkpointFiles(stage.dir) : [...new Set(named.map((l) => l.file))];
      const files = wanted.filter((file) => !(file in leftOut));
      if (named.length === 0 || files.length === 0) {
        const row = judge(todo.id, stageLooks, [], 0, false);
        rows.push(row);
        options.progress(row);
        continue;
      }
      const target = join(repoRoot, '.proof', todo.id);
      const resultsFile = join(options.scratch, `proof-${todo.id}.json`);
      writeMutant(target, todo.id);
      const titles = options.everyCheckpoint ? [] : ['-t', named.map((l) => escapeRegExp(l.title)).join('|')];
      const started = Date.now();
      await runVitest(['--project', 'checkpoints', ...files, ...titles, `--reporter=${checkpointReporter}`], { ...options.clusterEnv, BARE_TARGET: target, BARE_RESULTS_FILE: resultsFile, BARE_REPORT: 'brief' }, { quiet: true });
      rmSync(target, { recursive: true, force: true });
      const run = readResults(resultsFile);
      const row = judge(todo.id, stageLooks, run?.results ?? [], (Date.now() - started) / 1000, options.everyCheckpoint);
      rows.push(row);
      options.progress(row);
    }
  }
  return rows;
}

function readResults(file: string): RunResults | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunResults;
  } catch {
    return undefined;
  }
}
