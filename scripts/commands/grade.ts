/**
 * npm run grade -- <folder> [--stages 1-8] [--jobs N] …
 *
 * Grades one learner's copy or a whole class with the checkpoints learners
 * run, on one shared cluster, each learner's stage in its own sandboxed and
 * time- and memory-limited process, and writes reports/<run>/. The learners'
 * folders are read, never written to. `--help` says it all.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { gradeCommand, parseGradeArgs } from '../grade/args.js';
import type { ClassGrades } from '../grade/model.js';
import { repoRoot } from '../workbook/paths.js';

// Read and checked before anything starts.
const args = await gradeCommand.guard(() => parseGradeArgs(process.argv.slice(2)));
const usage = gradeCommand.refuse;
// Read and checked: now the parts that take a moment to load.
const { ClusterSetupError } = await import('../cluster/types.js');
const { gradeLearners } = await import('../grade/class-run.js');
const { findLearners } = await import('../grade/learners.js');
const { writeReports } = await import('../grade/report/write.js');

const source = resolve(args.folder);
if (!existsSync(source) || !statSync(source).isDirectory()) usage(`${source} is not a folder.`);
const found = findLearners(source, args.name);
const learners = found.kind === 'learner' ? [found.learner] : found.learners;
if (learners.length === 0) usage(`${source} is neither a learner's copy (it has no stage folder like 01-list-watch/, nor labs/ with them) nor a class (no subfolder is one).`);

const started = new Date();
const run = `${started.toISOString().replace(/[:.]/g, '-').slice(0, 19)}${found.kind === 'learner' ? `-${found.learner.name}` : ''}`;
const out = resolve(args.out ?? `${repoRoot}/reports/${run}`);
const say = (line: string) => process.stdout.write(`${line}\n`);
const { timeoutSeconds, stallSeconds, memoryMb } = args;

say(found.kind === 'learner' ? `Grading ${found.learner.root} as "${found.learner.name}"…` : `Grading a class of ${learners.length} in ${source}…`);
if (found.kind === 'class' && found.ignored.length > 0) say(`Not a learner's copy, left out: ${found.ignored.join(', ')}`);

let graded: Awaited<ReturnType<typeof gradeLearners>>;
try {
  graded = await gradeLearners(learners, {
    stages: args.stages,
    jobs: args.jobs,
    // Stage 8 builds an image and waits for rollouts before its first checkpoint ends: more patience.
    limits: (stage) => ({ timeoutMs: (timeoutSeconds ?? (stage.node ? 1200 : 600)) * 1000, stallMs: (stallSeconds ?? (stage.node ? 600 : 90)) * 1000, memoryMb }),
    logsDir: out,
    log: say,
  });
} catch (error) {
  // No cluster, no checkpoint list: say what to do, not where in the code it broke.
  if (!(error instanceof ClusterSetupError) && !/^Listing the checkpoints failed/.test((error as Error).message)) throw error;
  process.stderr.write(`\nNothing was graded: ${(error as Error).message}\n`);
  process.exit(1);
}

const grades: ClassGrades = {
  run,
  startedAt: started.toISOString(),
  durationMs: Date.now() - started.getTime(),
  workbook: revision(),
  cluster: graded.cluster,
  safety: graded.safety,
  similar: graded.similar,
  learners: graded.learners,
  ignored: found.kind === 'class' ? found.ignored : [],
};
const files = writeReports(out, grades);

say('');
const width = Math.max(...grades.learners.map((l) => l.name.length), 7);
for (const learner of grades.learners) say(`  ${learner.name.padEnd(width)}  ${String(learner.points).padStart(6)} / ${learner.maxPoints}`);
say(`\nGraded ${grades.learners.length} in ${Math.round(grades.durationMs / 1000)}s.`);
say(`Report: ${relative(process.cwd(), files.html)}\nGrades: ${relative(process.cwd(), files.csv)}\nPer learner: ${relative(process.cwd(), out)}/learners/<learner>/results.json, junit.xml`);

function revision(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
