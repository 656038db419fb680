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
import type { Flags } from '../../solutions/00-common/flags.js';
import { stageByNumber, stages } from '../course/course.js';
import { defineCommand, UsageError } from '../workbook/command.js';
import { commonDir, labsDir, repoRoot } from '../workbook/paths.js';

const command = defineCommand({
  name: 'lab:reset',
  usage: ['npm run lab:reset -- N [--yes]   put stage N of labs/ back to the untouched skeleton'],
  about: `  N = ${stages.map((s) => s.number).join(', ')}\n\nYour files are copied to .lab-backups/ first; other stages are not touched.`,
  flags: { yes: { type: 'boolean', short: 'y', help: 'do not ask first (needed without a terminal)' } } as const satisfies Flags,
  positionals: true,
});
const { values, positionals } = command.parse();

await command.run(async () => {
  const [number, ...extra] = positionals;
  if (number === undefined || extra.length > 0 || !/^\d+$/.test(number)) throw new UsageError('Name one stage by its number.');
  const stage = stageByNumber(Number(number));
  if (!stage?.available) throw new UsageError(`There is no stage ${number} to reset: the stages are ${stages.map((s) => s.number).join(', ')}.`);

  if (!values.yes) {
    // Never wipe someone's work on a guess: without a terminal to ask on, --yes must say so.
    if (!process.stdin.isTTY) throw new UsageError('This would replace your code, and there is no terminal to ask on: add --yes.');
    const prompt = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await prompt.question(`Reset labs/${stage.dir} to the untouched skeleton? Your files are kept in .lab-backups/ first. [y/N] `);
    prompt.close();
    if (!/^y(es)?$/i.test(answer.trim())) {
      process.stdout.write('Nothing changed.\n');
      return;
    }
  }

  const { generateStage, writeStage } = await import('../labs/generate.js');
  const backup = join(repoRoot, '.lab-backups', `${stage.dir}-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}`);
  mkdirSync(backup, { recursive: true });
  cpSync(join(labsDir, stage.dir), backup, { recursive: true });
  writeStage(labsDir, stage.dir, generateStage(stage.dir));
  // The given code every stage imports comes back too (a copy made before it existed has none).
  writeStage(labsDir, commonDir, generateStage(commonDir));
  process.stdout.write(`labs/${stage.dir} is the untouched skeleton again (files you added there are gone too).\nYour files: ${relative(repoRoot, backup)}/\n`);
});
