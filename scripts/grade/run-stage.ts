/**
 * One learner's one stage: its checkpoints in a vitest process of their own
 * (own module graph, own run id and so own namespaces), confined and limited,
 * turned into a StageGrade.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResults } from '../report/results.js';
import { checkpointReporter } from '../workbook/vitest-run.js';
import type { CatalogueEntry } from './catalogue.js';
import type { CheckpointGrade, StageGrade } from './model.js';
import { ungraded } from './plan.js';
import { maxPoints, stagePoints } from './points.js';
import { runLimited, type Ending, type Limits } from './run-limited.js';
import { inside, kubeconfigFiles, sandboxed } from './sandbox.js';
import type { LearnerSpace } from './workspace.js';
import type { Stage } from '../course/course.js';
import { repoRoot } from '../workbook/paths.js';

export interface StageRun {
  stage: Stage;
  space: LearnerSpace;
  catalogue: CatalogueEntry[];
  /** BARE_CLUSTER_INFO of the class's cluster, or undefined for a stage that needs none. */
  clusterInfo: string | undefined;
  limits: Limits;
  /** The grading workspace (see workspace.ts): the sandbox's view is built from it. */
  workspace: string;
}

export async function runStage(run: StageRun): Promise<StageGrade> {
  const { stage, space, limits } = run;
  // The one folder the run may write: its own, so no run can write another's results.
  const writable = join(space.out, `stage-${stage.number}`);
  mkdirSync(writable, { recursive: true });
  const resultsFile = join(writable, 'results.json');
  // The log is written by this process, from the run's output: it is kept outside the writable folder.
  const log = join(space.out, `stage-${stage.number}.log`);
  // The heap cap stops a runaway allocation early with a clear error; the group's resident memory is capped from outside.
  const heapMb = Math.max(256, Math.floor(limits.memoryMb / 2));
  const vitest = [process.execPath, join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--project', 'checkpoints', `checkpoints/${stage.dir}/`, `--reporter=${checkpointReporter}`];
  const files = run.clusterInfo ? kubeconfigFiles((JSON.parse(run.clusterInfo) as { kubeconfig: string }).kubeconfig) : [];
  const walled = sandboxed(vitest, { labs: space.labs, writable, workspace: run.workspace, docker: stage.node === true, files });
  const command = walled ?? vitest;
  // The paths the run sees: the sandbox's own when there is one.
  const seen = walled ? { target: inside.labs, results: join(inside.writable, 'results.json') } : { target: space.labs, results: resultsFile };
  const started = Date.now();
  const ending = await runLimited(command, {
    cwd: repoRoot,
    log,
    limits,
    progressFile: resultsFile,
    env: {
      ...gradersEnvironment(),
      BARE_TARGET: seen.target,
      BARE_RESULTS_FILE: seen.results,
      BARE_REPORT: 'brief',
      NO_COLOR: '1',
      // A run stopped for a loop or a hog cannot clean up its temp folders (vitest's among them): they go with the
      // workspace, or in the sandbox with its private /tmp, which ends with the run.
      TMPDIR: walled ? '/tmp' : space.home,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${heapMb}`.trim(),
      ...(run.clusterInfo ? { BARE_CLUSTER_INFO: run.clusterInfo, BARE_CLUSTER: undefined } : { BARE_CLUSTER: 'none', BARE_CLUSTER_INFO: undefined }),
    },
  });
  const results = readResults(resultsFile);
  return grade(run, ending, results, Date.now() - started, log);
}

/**
 * What of the grader's environment a run inherits: the search path, the locale
 * and the workbook's own BARE_ settings — no tokens, no KUBECONFIG, no cloud
 * credentials that happen to be set where the instructor runs the grade.
 */
function gradersEnvironment(): NodeJS.ProcessEnv {
  const keep = (name: string) => ['PATH', 'LANG', 'LC_ALL', 'TZ'].includes(name) || name.startsWith('BARE_');
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => keep(name)));
}

function readResults(file: string): RunResults | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunResults;
  } catch {
    return undefined; // Cut off mid-write by a stop.
  }
}

export function stopReason(ending: Ending, limits: Limits, logTail: string): string | undefined {
  switch (ending.kind) {
    case 'exited':
      return undefined;
    // The limits, not the measured times: the sampler notices a little late, and the limit is what the instructor set.
    case 'timeout':
      return `stopped after ${Math.round(limits.timeoutMs / 1000)}s, the time limit for the stage`;
    case 'stalled':
      return `stopped after ${Math.round(limits.stallMs / 1000)}s without a checkpoint finishing: a checkpoint hung or looped`;
    case 'memory':
      return `stopped at ${ending.peakMb} MiB, over the memory cap of ${limits.memoryMb} MiB`;
    case 'crashed':
      return `the checkpoint run died (${ending.why})${logTail ? `: ${logTail}` : ''}`;
  }
}

function grade(run: StageRun, ending: Ending, results: RunResults | undefined, durationMs: number, log: string): StageGrade {
  const { stage, catalogue } = run;
  const tail = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').slice(-3).join(' ').slice(0, 300) : '';
  let reason = stopReason(ending, run.limits, tail);
  // Out of heap: V8 aborts the worker; say so in words instead of an exit code.
  if (!reason && existsSync(log) && /heap out of memory|Reached heap limit/.test(readFileSync(log, 'utf8'))) reason = 'a worker ran out of memory (heap cap) and was stopped';
  if (!reason && !results) reason = `the checkpoint run ended without results (exit ${ending.kind === 'exited' ? ending.code : '?'}): ${tail}`;
  // Results come from inside the sandbox, so they are only believed when they agree with what this process saw itself.
  const doubt = !reason && results ? inconsistency(results, ending, catalogue) : undefined;
  if (doubt) {
    const why = `0 points: the run's results do not add up (${doubt})`;
    return { ...ungraded(stage, catalogue, 'stopped', why), status: 'stopped', durationMs };
  }

  const byName = new Map((results?.results ?? []).map((r) => [`${r.file}::${r.fullName ?? r.title}`, r]));
  // The checkpoint it was stuck in: the one the reporter saw start, or else — a blocked worker cannot
  // report — the first without a result, since files and their checkpoints run in catalogue order.
  const unreported = catalogue.find((e) => !byName.has(`${e.file}::${e.fullName}`) && !byName.has(`${e.file}::${e.title}`));
  const stuck = !reason ? undefined : results?.running && !results.finished ? `${results.running.file}::${results.running.title}` : unreported && `${unreported.file}::${unreported.title}`;
  const checkpoints: CheckpointGrade[] = catalogue.map((entry) => {
    const result = byName.get(`${entry.file}::${entry.fullName}`) ?? byName.get(`${entry.file}::${entry.title}`);
    // A stopped run's results were written from inside the sandbox and never closed by a clean exit: none of its passes count.
    if (result && reason && result.state === 'passed') return { file: entry.file, title: entry.title, state: 'failed', message: `passed before the run was stopped, not counted: ${reason}`, durationMs: result.durationMs };
    if (result) return { file: entry.file, title: entry.title, state: result.state, message: result.state === 'failed' ? result.message : result.note, durationMs: result.durationMs };
    const wasStuck = stuck === `${entry.file}::${entry.title}`;
    const fileError = results?.errors.find((e) => e.startsWith(`${entry.file} did not load`));
    const message = wasStuck ? `did not finish: ${reason}` : reason ? `not reached: ${reason}` : fileError ?? 'did not run';
    return { file: entry.file, title: entry.title, state: 'failed', message };
  });
  const passed = checkpoints.filter((c) => c.state === 'passed').length;
  return {
    number: stage.number,
    dir: stage.dir,
    title: stage.title,
    status: reason ? 'stopped' : 'ran',
    ...(reason ? { reason } : {}),
    details: results?.errors ?? [],
    checkpoints,
    points: stagePoints(stage, passed, checkpoints.length),
    maxPoints: maxPoints(stage, checkpoints.length),
    durationMs,
  };
}

/**
 * What makes a run's results unbelievable, or undefined: a run that says it
 * finished but exited with an error or was not the run that was started, a
 * checkpoint reported twice or one no stage has, or a pass vitest's own exit
 * code contradicts. None of this makes results unforgeable (README.md, "For
 * instructors", says what would); it makes the cheap forgeries cost a 0.
 */
export function inconsistency(results: RunResults, ending: Ending, catalogue: CatalogueEntry[]): string | undefined {
  if (ending.kind !== 'exited') return undefined;
  // vitest itself exits 0 (all passed) or 1 (something failed); anything else is a run that was killed or crashed.
  if (ending.code !== 0 && ending.code !== 1) return `the run ended with exit code ${ending.code}, which vitest never gives`;
  if (!results.finished) return `the run exited (code ${ending.code}) before its reporter finished`;
  const known = new Set(catalogue.flatMap((e) => [`${e.file}::${e.fullName}`, `${e.file}::${e.title}`]));
  const seen = new Set<string>();
  for (const r of results.results) {
    const key = `${r.file}::${r.fullName ?? r.title}`;
    if (!known.has(key)) return `a result for "${r.title}", which is not one of the stage's checkpoints`;
    if (seen.has(key)) return `"${r.title}" reported twice`;
    seen.add(key);
  }
  const failed = results.results.some((r) => r.state === 'failed') || results.errors.length > 0;
  // A run whose files all loaded reports every checkpoint, whatever its state.
  if (results.errors.length === 0 && seen.size !== catalogue.length) return `${seen.size} of the stage's ${catalogue.length} checkpoints reported`;
  if (ending.code === 0 && failed) return 'failures reported, yet vitest exited 0';
  if (ending.code !== 0 && !failed) return `no failure reported, yet vitest exited ${ending.code}`;
  return undefined;
}
