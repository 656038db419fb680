/**
 * Has the learner touched a stage? A stage folder identical to the skeleton
 * in labs/ scores 0 without starting a single checkpoint run — most of a
 * class early in a course has not reached the later stages.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

function files(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === '.DS_Store') return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path, root) : [relative(root, path)];
  });
}

/** Line endings aside (a copy that went through Windows), byte for byte the same. */
const text = (path: string) => readFileSync(path, 'utf8').replace(/\r\n/g, '\n');

export function unchangedFromSkeleton(stageDir: string, skeletonDir: string): boolean {
  if (!existsSync(skeletonDir)) return false;
  const mine = files(stageDir).sort();
  const given = files(skeletonDir).sort();
  if (mine.length !== given.length || mine.some((file, i) => file !== given[i])) return false;
  return mine.every((file) => text(join(stageDir, file)) === text(join(skeletonDir, file)));
}
