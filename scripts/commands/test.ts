/**
 * npm test — proves the workbook works:
 *   1. type check (tsc, TypeScript 7) of labs, solutions, checkpoints and scripts;
 *   2. unit tests of the tooling (labs/ is what labs:build writes, the course
 *      description matches the files, the skeletons' API is the solutions');
 *   3. every checkpoint against solutions/ — each must pass;
 *   4. every checkpoint against the untouched skeletons in labs/ — each must fail,
 *      or it is a checkpoint that cannot catch a missing implementation;
 *   5. the proof per TODO: solutions/ with only that TODO undone — the
 *      checkpoints that name it must fail (`npm test -- --per-todo` also runs
 *      the stage's other checkpoints against it, to show what else it takes down);
 *   6. the node drill: a crashed run's node is cleaned up, a clean stop leaves nothing.
 * One cluster serves the harness self-tests and all checkpoint passes; it has a
 * real node (kubelet + containerd) wherever one can run (Linux, root).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeSupport } from '../cluster/node/prerequisites.js';
import { startCluster } from '../cluster/select.js';
import type { RunningCluster } from '../cluster/types.js';
import { looksFileVariable, readLooks } from '../proof/looks.js';
import { leftOut, proveTodos } from '../proof/prove-todos.js';
import { proofTable } from '../proof/table.js';
import type { RunResults } from '../report/results.js';
import { checkpointReporter, runVitest } from '../workbook/vitest-run.js';
import { stages } from '../course/course.js';
import { repoRoot } from '../workbook/paths.js';

const everyCheckpointPerTodo = process.argv.includes('--per-todo');

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)}s`;
const step = (text: string) => process.stdout.write(`\n━━ ${text}  [${elapsed()}]\n`);
const scratch = mkdtempSync(join(tmpdir(), 'bare-controller-test-'));
let failures = 0;
let passed = 0;
let skipped = 0;
let cluster: RunningCluster | undefined;

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

try {
  step('1/6 type check (tsc --noEmit)');
  if ((await run(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', 'tsconfig.json'])) !== 0) {
    failures++;
    process.stdout.write('type check failed\n');
  } else {
    passed++;
    process.stdout.write('type check: clean\n');
  }

  const dirs = stages.filter((s) => s.available).map((s) => `checkpoints/${s.dir}/`);
  step('starting one cluster for everything below');
  const node = nodeSupport();
  if (!node.ok) process.stdout.write(`No node for this run: ${node.why}\n`);
  cluster = await startCluster({ node: node.ok, log: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write(`${cluster.info.description}\n`);
  const clusterEnv = { BARE_CLUSTER_INFO: JSON.stringify(cluster.info) };

  step('2/6 unit tests of the tooling, and the harness checking its own cluster');
  if ((await runVitest(['--project', 'unit', '--project', 'harness'], clusterEnv)) !== 0) failures++;

  step(`3/6 checkpoints against solutions/ (${dirs.length} stages) — each must pass`);
  const solutionsFile = join(scratch, 'solutions.json');
  const looksFile = join(scratch, 'looks.jsonl');
  await runVitest(['--project', 'checkpoints', ...dirs, `--reporter=${checkpointReporter}`], {
    ...clusterEnv,
    BARE_TARGET: 'solutions',
    BARE_RESULTS_FILE: solutionsFile,
    [looksFileVariable]: looksFile,
  });

  step('4/6 checkpoints against the untouched skeletons in labs/ — each must fail');
  const labsFile = join(scratch, 'labs.json');
  await runVitest(['--project', 'checkpoints', ...dirs, `--reporter=${checkpointReporter}`], {
    ...clusterEnv,
    BARE_TARGET: 'labs',
    BARE_RESULTS_FILE: labsFile,
    BARE_REPORT: 'brief',
  });

  const read = (file: string): RunResults | undefined => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as RunResults;
    } catch {
      return undefined;
    }
  };
  const onSolutions = read(solutionsFile);
  const onLabs = read(labsFile);
  if (!onSolutions || !onLabs) {
    failures++;
    process.stdout.write('A checkpoint run ended without results (see its output above).\n');
  } else {
    const labsByKey = new Map(onLabs.results.map((r) => [`${r.file}::${r.title}`, r]));
    const problems: string[] = [];
    const perStage = new Map<string, { proven: number; total: number }>();
    for (const r of onSolutions.results) {
      const tally = perStage.get(r.stage) ?? { proven: 0, total: 0 };
      tally.total++;
      perStage.set(r.stage, tally);
      const lab = labsByKey.get(`${r.file}::${r.title}`);
      if (r.state === 'skipped') {
        skipped++;
        process.stdout.write(`  – not run on this cluster: ${r.stage} · ${r.title} (${r.note})\n`);
      } else if (r.state === 'failed') {
        problems.push(`fails on the solution: ${r.stage} · ${r.title}\n      ${(r.message ?? '').split('\n').join('\n      ')}`);
      } else if (!lab) {
        problems.push(`did not run against the skeleton: ${r.stage} · ${r.title}`);
      } else if (lab.state === 'passed') {
        problems.push(`passes on the untouched skeleton (it cannot catch a missing implementation): ${r.stage} · ${r.title}`);
      } else {
        tally.proven++;
      }
    }
    for (const e of [...onSolutions.errors, ...onLabs.errors]) problems.push(`error outside the checkpoints: ${e.split('\n')[0]}`);
    for (const l of readLooks(looksFile).filter((l) => l.todos.length === 0)) problems.push(`names no TODO (write look: todo('N.N')): ${l.file} · ${l.title}`);
    process.stdout.write('\nCheckpoints proven (pass on the solution, fail on the skeleton):\n');
    for (const [stage, { proven, total }] of perStage) process.stdout.write(`  ${stage.padEnd(20)} ${proven}/${total}\n`);
    for (const p of problems) process.stdout.write(`  ✗ ${p}\n`);
    passed += [...perStage.values()].reduce((sum, s) => sum + s.proven, 0);
    failures += problems.length;
  }

  step(`5/6 the proof per TODO: solutions/ with one TODO undone — the checkpoints that name it must fail${everyCheckpointPerTodo ? ' (every checkpoint of its stage runs)' : ''}`);
  const proofStarted = Date.now();
  const looks = readLooks(looksFile);
  if (looks.length === 0) {
    failures++;
    process.stdout.write('No checkpoint said which TODO it names (the run over solutions/ recorded nothing): nothing to prove.\n');
  }
  let stageShown = '';
  const proof = await proveTodos({
    looks,
    clusterEnv,
    everyCheckpoint: everyCheckpointPerTodo,
    scratch,
    // One line a stage while it runs (✓ proven, ✗ not proven, – nothing to run); the table follows.
    progress: (row) => {
      const stage = row.id.split('.')[0]!;
      if (stage !== stageShown) process.stdout.write(`${stageShown ? '\n' : ''}  stage ${(stageShown = stage)}:`);
      process.stdout.write(` ${row.id} ${row.verdict === 'proven' ? '✓' : row.verdict === 'NOT PROVEN' ? '✗' : '–'}`);
    },
  });
  process.stdout.write(`\n\nThe proof per TODO (${((Date.now() - proofStarted) / 1000).toFixed(0)}s):\n${proofTable(proof, leftOut)}\n`);
  passed += proof.filter((r) => r.verdict === 'proven').length;
  failures += proof.filter((r) => r.verdict === 'NOT PROVEN').length;

  // One node per machine: the drill starts its own, so the shared cluster goes first.
  await cluster.stop();
  cluster = undefined;
  step('6/6 the node drill: a crashed run is cleaned up, a clean stop leaves nothing');
  if ((await runVitest(['--project', 'node-drill'], {})) !== 0) failures++;
} catch (error) {
  failures++;
  process.stdout.write(`\n${(error as Error).message}\n`);
} finally {
  await cluster?.stop();
  rmSync(scratch, { recursive: true, force: true });
}

process.stdout.write(`\nnpm test finished in ${elapsed()}\n`);
process.stdout.write(`${passed} passed, ${failures} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failures === 0 ? 0 : 1);
