/**
 * npm run labs:build — (maintainers) writes labs/ from solutions/: every file
 * of every stage and of 00-common (given code all stages share), with lesson regions replaced by stubs (see
 * scripts/labs/regions.ts). Run it after changing a solution; a unit test
 * fails while labs/ differs from what this writes. Learners never need it:
 * `npm run lab:reset -- N` restores one stage of their own copy.
 */
import { defineCommand } from '../workbook/command.js';

const command = defineCommand({
  name: 'labs:build',
  usage: ['npm run labs:build   (maintainers) write labs/ from the lesson regions in solutions/'],
  about: 'Learners never need it: npm run lab:reset -- N restores one stage of their own copy.',
  flags: {},
});
command.parse();
await command.run(async () => {
  const { generateStage, writeStage } = await import('../labs/generate.js');
  const { labsDir, workbookDirs } = await import('../workbook/paths.js');
  for (const dir of workbookDirs()) {
    const files = generateStage(dir);
    writeStage(labsDir, dir, files);
    process.stdout.write(`labs/${dir}: ${files.length} files\n`);
  }
});
