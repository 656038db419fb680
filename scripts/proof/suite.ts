/**
 * npm test's run, as the steps it takes (see scripts/commands/test.ts for what
 * each proves). Each step adds to one tally; a step that throws counts as one
 * failure and the steps after it that need what it made do not run; whatever
 * the outcome, the cluster stops, the scratch folder goes, and the run ends by
 * checking that none of its processes and temp folders is left.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeSupport } from '../cluster/node/prerequisites.js';
import { startCluster } from '../cluster/select.js';
import type { RunningCluster } from '../cluster/types.js';
import { stages } from '../course/course.js';
import type { RunResults } from '../report/results.js';
import { repoRoot } from '../workbook/paths.js';
import { checkpointReporter, runVitest } from '../workbook/vitest-run.js';
import { clearLeftovers, leftoverProcesses, leftoverTempFolders, markRun, runMarkVariable, type RunMark } from './leftovers.js';
import { looksFileVariable, readLooks } from './looks.js';
import { leftOut, proveTodos } from './prove-todos.js';
import { proofTable } from './table.js';

export interface SuiteOptions {
  /** The proof per TODO runs every checkpoint of the TODO's stage, not only those that name it. */
  everyCheckpointPerTodo: boolean;
}

/** What the run found so far, and how it says so. */
class Tally {
  passed = 0;
  failed = 0;
  skipped = 0;
  private readonly started = Date.now();

  elapsed(): string {
    return `${((Date.now() - this.started) / 1000).toFixed(0)}s`;
  }

  step(text: string): void {
    say(`\n━━ ${text}  [${this.elapsed()}]`);
  }

  /** One check of many: 0 is a pass. */
  count(code: number): void {
    if (code === 0) this.passed++;
    else this.failed++;
  }
}

const say = (line: string) => process.stdout.write(`${line}\n`);

/** The whole run; answers npm test's exit code. */
export async function runSuite(options: SuiteOptions): Promise<number> {
  const tally = new Tally();
  const mark = markRun();
  // The cluster this process starts carries the mark too: an etcd its stop missed is found like any child.
  process.env[runMarkVariable] = mark.id;
  const scratch = mkdtempSync(join(tmpdir(), 'bare-controller-test-'));
  let cluster: RunningCluster | undefined;
  try {
    tally.step('1/6 type check (tsc --noEmit)');
    await typeCheck(tally, mark);

    tally.step('starting one cluster for everything below');
    cluster = await startSharedCluster();
    const env = { ...mark.env, BARE_CLUSTER_INFO: JSON.stringify(cluster.info) };

    tally.step('2/6 unit tests of the tooling, and the harness checking its own cluster');
    if ((await runVitest(['--project', 'unit', '--project', 'harness'], env)) !== 0) tally.failed++;

    const dirs = stages.filter((s) => s.available).map((s) => `checkpoints/${s.dir}/`);
    tally.step(`3/6 checkpoints against solutions/ (${dirs.length} stages) — each must pass`);
    const looksFile = join(scratch, 'looks.jsonl');
    const onSolutions = await checkpointRun(dirs, env, 'solutions', join(scratch, 'solutions.json'), { [looksFileVariable]: looksFile });

    tally.step('4/6 checkpoints against the untouched skeletons in labs/ — each must fail');
    const onLabs = await checkpointRun(dirs, env, 'labs', join(scratch, 'labs.json'), { BARE_REPORT: 'brief' });
    compareCheckpointRuns(tally, onSolutions, onLabs, looksFile);

    tally.step(`5/6 the proof per TODO: solutions/ with one TODO undone — the checkpoints that name it must fail${options.everyCheckpointPerTodo ? ' (every checkpoint of its stage runs)' : ''}`);
    await proveEachTodo(tally, { looksFile, env, scratch, everyCheckpoint: options.everyCheckpointPerTodo });

    // One node per machine: the drill starts its own, so the shared cluster goes first.
    await cluster.stop();
    cluster = undefined;
    tally.step('6/6 the node drill: a crashed run is cleaned up, a clean stop leaves nothing');
    // Its own TMPDIR: the drill's node keeps sockets in its cluster folder, and checks itself that a stop leaves nothing.
    if ((await runVitest(['--project', 'node-drill'], {})) !== 0) tally.failed++;
  } catch (error) {
    tally.failed++;
    say(`\n${(error as Error).message}`);
  } finally {
    await cluster?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
  checkNothingLeft(tally, mark);

  say(`\nnpm test finished in ${tally.elapsed()}`);
  say(`${tally.passed} passed, ${tally.failed} failed${tally.skipped ? `, ${tally.skipped} skipped` : ''}`);
  return tally.failed === 0 ? 0 : 1;
}

async function typeCheck(tally: Tally, mark: RunMark): Promise<void> {
  const code = await runInherited(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', 'tsconfig.json'], mark.env);
  tally.count(code);
  say(code === 0 ? 'type check: clean' : 'type check failed');
}

/** One cluster for the harness self-tests and every checkpoint pass, with a real node wherever one can run. */
async function startSharedCluster(): Promise<RunningCluster> {
  const node = nodeSupport();
  if (!node.ok) say(`No node for this run: ${node.why}`);
  const cluster = await startCluster({ node: node.ok, log: say });
  say(cluster.info.description);
  return cluster;
}

/** Every checkpoint against one target; the results it wrote, or undefined when it wrote none. */
async function checkpointRun(dirs: string[], env: Record<string, string>, target: 'solutions' | 'labs', resultsFile: string, extra: Record<string, string>): Promise<RunResults | undefined> {
  await runVitest(['--project', 'checkpoints', ...dirs, `--reporter=${checkpointReporter}`], { ...env, BARE_TARGET: target, BARE_RESULTS_FILE: resultsFile, ...extra });
  try {
    return JSON.parse(readFileSync(resultsFile, 'utf8')) as RunResults;
  } catch {
    return undefined;
  }
}

/** A checkpoint is proven when it passes on the solution and fails on the skeleton, and names the TODO it checks. */
function compareCheckpointRuns(tally: Tally, onSolutions: RunResults | undefined, onLabs: RunResults | undefined, looksFile: string): void {
  if (!onSolutions || !onLabs) {
    tally.failed++;
    say('A checkpoint run ended without results (see its output above).');
    return;
  }
  const labsByKey = new Map(onLabs.results.map((r) => [`${r.file}::${r.title}`, r]));
  const problems: string[] = [];
  const perStage = new Map<string, { proven: number; total: number }>();
  for (const r of onSolutions.results) {
    const stageTally = perStage.get(r.stage) ?? { proven: 0, total: 0 };
    stageTally.total++;
    perStage.set(r.stage, stageTally);
    const lab = labsByKey.get(`${r.file}::${r.title}`);
    if (r.state === 'skipped') {
      tally.skipped++;
      say(`  – not run on this cluster: ${r.stage} · ${r.title} (${r.note})`);
    } else if (r.state === 'failed') {
      problems.push(`fails on the solution: ${r.stage} · ${r.title}\n      ${(r.message ?? '').split('\n').join('\n      ')}`);
    } else if (!lab) {
      problems.push(`did not run against the skeleton: ${r.stage} · ${r.title}`);
    } else if (lab.state === 'passed') {
      problems.push(`passes on the untouched skeleton (it cannot catch a missing implementation): ${r.stage} · ${r.title}`);
    } else {
      stageTally.proven++;
    }
  }
  for (const e of [...onSolutions.errors, ...onLabs.errors]) problems.push(`error outside the checkpoints: ${e.split('\n')[0]}`);
  for (const l of readLooks(looksFile).filter((l) => l.todos.length === 0)) problems.push(`names no TODO (write look: todo('N.N')): ${l.file} · ${l.title}`);
  say('\nCheckpoints proven (pass on the solution, fail on the skeleton):');
  for (const [stage, { proven, total }] of perStage) say(`  ${stage.padEnd(20)} ${proven}/${total}`);
  for (const p of problems) say(`  ✗ ${p}`);
  tally.passed += [...perStage.values()].reduce((sum, s) => sum + s.proven, 0);
  tally.failed += problems.length;
}

async function proveEachTodo(tally: Tally, options: { looksFile: string; env: Record<string, string>; scratch: string; everyCheckpoint: boolean }): Promise<void> {
  const started = Date.now();
  const looks = readLooks(options.looksFile);
  if (looks.length === 0) {
    tally.failed++;
    say('No checkpoint said which TODO it names (the run over solutions/ recorded nothing): nothing to prove.');
  }
  let stageShown = '';
  const proof = await proveTodos({
    looks,
    clusterEnv: options.env,
    everyCheckpoint: options.everyCheckpoint,
    scratch: options.scratch,
    // One line a stage while it runs (✓ proven, ✗ not proven, – nothing to run); the table follows.
    progress: (row) => {
      const stage = row.id.split('.')[0]!;
      if (stage !== stageShown) process.stdout.write(`${stageShown ? '\n' : ''}  stage ${(stageShown = stage)}:`);
      process.stdout.write(` ${row.id} ${row.verdict === 'proven' ? '✓' : row.verdict === 'NOT PROVEN' ? '✗' : '–'}`);
    },
  });
  say(`\n\nThe proof per TODO (${((Date.now() - started) / 1000).toFixed(0)}s):\n${proofTable(proof, leftOut)}`);
  tally.passed += proof.filter((r) => r.verdict === 'proven').length;
  tally.failed += proof.filter((r) => r.verdict === 'NOT PROVEN').length;
}

/** The last step: a process the run started that still runs, or a temp folder its runs made that is still there, fails it by name. */
function checkNothingLeft(tally: Tally, mark: RunMark): void {
  tally.step('nothing left behind: no process this run started, no temp folder its runs made');
  const processes = leftoverProcesses(mark);
  const folders = leftoverTempFolders(mark);
  for (const p of processes) say(`  ✗ still running, now stopped: pid ${p.pid} ${p.command}`);
  for (const f of folders) say(`  ✗ temp folder left: ${f}`);
  clearLeftovers(mark, processes);
  if (processes.length + folders.length === 0) say('nothing left');
  tally.count(processes.length + folders.length);
}

function runInherited(command: string, args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}
