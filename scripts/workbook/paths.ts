/**
 * Where the workbook's own folders are: the checkout, the learner's labs/,
 * the reference solutions/, and the given code every stage imports.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stages } from '../course/course.js';

/** The repository root, wherever the workbook is checked out. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const solutionsDir = join(repoRoot, 'solutions');
export const labsDir = join(repoRoot, 'labs');

/**
 * Given code that every stage imports (the logger, flags, API errors…): a
 * folder beside the stages but no stage of its own, without lesson regions.
 * Every copy of labs/ needs it, as it needs todo.ts.
 */
export const commonDir = '00-common';

/** What labs:build writes: the shared given code, then every stage written so far. */
export function workbookDirs(): string[] {
  return [commonDir, ...stages.filter((s) => s.available).map((s) => s.dir)];
}
