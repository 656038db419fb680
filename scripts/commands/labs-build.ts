/**
 * npm run labs:build — (maintainers) writes labs/ from solutions/: every file
 * of every stage and of 00-common (given code all stages share), with lesson regions replaced by stubs (see
 * scripts/labs/regions.ts). Run it after changing a solution; a unit test
 * fails while labs/ differs from what this writes. Learners never need it:
 * `npm run lab:reset -- N` restores one stage of their own copy.
 */
import { generateStage, writeStage } from '../labs/generate.js';
import { labsDir, workbookDirs } from '../workbook/paths.js';

for (const dir of workbookDirs()) {
  const files = generateStage(dir);
  writeStage(labsDir, dir, files);
  process.stdout.write(`labs/${dir}: ${files.length} files\n`);
}
