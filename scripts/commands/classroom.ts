/**
 * npm run classroom — (instructors) writes GitHub Classroom's autograding for
 * the workbook from the course description: .github/workflows/classroom.yml
 * (one step per stage running `npm run lab:N`, worth the stage's points) and
 * .github/classroom/autograding.json (the same tests for Classroom's editor).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Flags } from '../../solutions/00-common/flags.js';
import { autogradingJson } from '../classroom/autograding-json.js';
import { classroomSteps } from '../classroom/steps.js';
import { classroomWorkflow } from '../classroom/workflow.js';
import { parseStageList } from '../grade/args.js';
import { listCheckpoints } from '../grade/catalogue.js';
import { stages } from '../course/course.js';
import { defineCommand } from '../workbook/command.js';
import { repoRoot } from '../workbook/paths.js';

const command = defineCommand({
  name: 'classroom',
  usage: ['npm run classroom [-- --stages <list>] [--out <folder>]'],
  about: `Writes GitHub Classroom's autograding from the course description:
  .github/workflows/classroom.yml     one step per stage: npm run lab:N, worth the stage's points
  .github/classroom/autograding.json  the same tests, for Classroom's assignment editor`,
  flags: {
    stages: { type: 'string', value: '<list>', help: 'which stages: 1-8, 1,3,5 or 4 (default: every stage)' },
    out: { type: 'string', value: '<folder>', needs: 'a folder.', help: "write under this folder instead of the workbook's root" },
  } as const satisfies Flags,
  footer: 'A stage is worth its points in scripts/course/course.ts, or one per checkpoint.',
});
const { values } = command.parse();

await command.run(async () => {
  const chosen = values.stages !== undefined ? parseStageList(values.stages) : stages.filter((s) => s.available);
  const out = values.out !== undefined ? resolve(values.out) : repoRoot;
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
});
