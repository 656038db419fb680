/**
 * npm run classroom — (instructors) writes GitHub Classroom's autograding for
 * the workbook from the course description: .github/workflows/classroom.yml
 * (one step per stage running `npm run lab:N`, worth the stage's points) and
 * .github/classroom/autograding.json (the same tests for Classroom's editor).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { InvalidConfigError } from '../../solutions/00-common/config-error.js';
import { exitOnHelp, flagsHelp, helpFlag, parseFlags, type Flags } from '../../solutions/00-common/flags.js';
import { autogradingJson } from '../classroom/autograding-json.js';
import { classroomSteps } from '../classroom/steps.js';
import { classroomWorkflow } from '../classroom/workflow.js';
import { parseStageList, UsageError } from '../grade/args.js';
import { listCheckpoints } from '../grade/catalogue.js';
import { stages } from '../course/course.js';
import { repoRoot } from '../workbook/paths.js';

const classroomFlags = {
  stages: { type: 'string', value: '<list>', help: 'which stages: 1-8, 1,3,5 or 4 (default: every stage)' },
  out: { type: 'string', value: '<folder>', needs: 'a folder.', help: "write under this folder instead of the workbook's root" },
  ...helpFlag,
} as const satisfies Flags;

const usage = `Usage: npm run classroom [-- --stages <list>] [--out <folder>]

Writes GitHub Classroom's autograding from the course description:
  .github/workflows/classroom.yml     one step per stage: npm run lab:N, worth the stage's points
  .github/classroom/autograding.json  the same tests, for Classroom's assignment editor

${flagsHelp(classroomFlags)}

A stage is worth its points in scripts/course/course.ts, or one per checkpoint.`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${usage}\n`);
  process.exit(2);
}

let chosen = stages.filter((s) => s.available);
let out = repoRoot;
try {
  const { values } = parseFlags(classroomFlags, process.argv.slice(2), { unknownMessage: (arg) => `Unknown argument: ${arg}` });
  exitOnHelp(values, usage);
  if (values.stages !== undefined) chosen = parseStageList(values.stages);
  if (values.out !== undefined) out = resolve(values.out);
} catch (error) {
  if (error instanceof UsageError || error instanceof InvalidConfigError) fail(error.message);
  throw error;
}

// Checkpoints are counted only to price stages the course description gives no points.
const catalogue = await listCheckpoints(chosen.map((s) => s.dir));
const counts = new Map(chosen.map((s) => [s.dir, catalogue.filter((c) => c.stage === s.dir).length]));
const steps = classroomSteps(counts, chosen);
const files = {
  [join(out, '.github', 'workflows', 'classroom.yml')]: classroomWorkflow(steps),
  [join(out, '.github', 'classroom', 'autograding.json')]: autogradingJson(steps),
};
for (const [file, content] of Object.entries(files)) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  process.stdout.write(`wrote ${relative(process.cwd(), file)}\n`);
}
process.stdout.write(`${steps.length} stages, ${steps.reduce((sum, s) => sum + s.points, 0)} points: ${steps.map((s) => `${s.id} ${s.points}`).join(', ')}\n`);
