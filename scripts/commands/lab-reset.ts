/**
 * npm run lab:reset -- N [--yes] — puts stage N of labs/ back to the untouched
 * skeleton, generated from the reference solution as labs:build does. Your
 * files are copied to .lab-backups/<stage>-<time>/ first, so nothing is lost;
 * other stages are not touched. labs/00-common, the given code all stages
 * share, is restored with it.
 */
import { cpSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { generateStage, writeStage } from '../labs/generate.js';
import { stageByNumber, stages } from '../course/course.js';
import { repoRoot, commonDir, labsDir } from '../workbook/paths.js';

function usage(message: string): never {
  process.stderr.write(`${message}\n\nUsage: npm run lab:reset -- N [--yes]   (N = ${stages.map((s) => s.number).join(', ')})\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({ options: { yes: { type: 'boolean', short: 'y' } }, allowPositionals: true });
} catch (error) {
  usage((error as Error).message);
}
const [number, ...extra] = parsed.positionals;
if (number === undefined || extra.length > 0 || !/^\d+$/.test(number)) usage('Name one stage.');
const stage = stageByNumber(Number(number));
if (!stage?.available) usage(`There is no stage ${number} to reset.`);

const folder = join(labsDir, stage.dir);
if (!parsed.values.yes) {
  // Never wipe someone's work on a guess: without a terminal to ask on, --yes must say so.
  if (!process.stdin.isTTY) usage('This would replace your code, and there is no terminal to ask on: add --yes.');
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await prompt.question(`Reset labs/${stage.dir} to the untouched skeleton? Your files are kept in .lab-backups/ first. [y/N] `);
  prompt.close();
  if (!/^y(es)?$/i.test(answer.trim())) {
    process.stdout.write('Nothing changed.\n');
    process.exit(0);
  }
}

const backup = join(repoRoot, '.lab-backups', `${stage.dir}-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}`);
mkdirSync(backup, { recursive: true });
cpSync(folder, backup, { recursive: true });
writeStage(labsDir, stage.dir, generateStage(stage.dir));
// The given code every stage imports comes back too (a copy made before it existed has none).
writeStage(labsDir, commonDir, generateStage(commonDir));
process.stdout.write(`labs/${stage.dir} is the untouched skeleton again (files you added there are gone too).\nYour files: ${relative(repoRoot, backup)}/\n`);
