/**
 * npm run labs:build — (maintainers) writes labs/ from solutions/: every file
 * of every stage, with its lesson regions replaced by stubs (see
 * scripts/labs/regions.ts). Run it after changing a solution; a unit test
 * fails while labs/ differs from what this writes. Learners never need it:
 * `npm run lab:reset -- N` restores one stage of their own copy.
 */
import { stages } from './stages.js';
import { generateStage, labsDir, writeStage } from './labs/generate.js';

for (const stage of stages.filter((s) => s.available)) {
  const files = generateStage(stage.dir);
  writeStage(labsDir, stage.dir, files);
  process.stdout.write(`labs/${stage.dir}: ${files.length} files\n`);
}
