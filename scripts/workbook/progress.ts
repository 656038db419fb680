import { join } from 'node:path';
import type { Stage } from '../course/course.js';
import { repoRoot } from './paths.js';

/**
 * Where a lab run leaves a stage's results and `npm start` reads them back.
 * Runs against another target (`npm run solution`, a graded folder) get a
 * file of their own, so they never overwrite the learner's progress.
 */
export function progressFile(stage: Pick<Stage, 'number'>, target = 'labs'): string {
  const suffix = target === 'labs' ? '' : `-${target.replace(/[^a-z0-9]+/gi, '_')}`;
  return join(repoRoot, '.progress', `stage-${stage.number}${suffix}.json`);
}
