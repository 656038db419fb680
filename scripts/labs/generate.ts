import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { solutionsDir } from '../workbook/paths.js';
import { skeletonFiles } from '../workbook/skeleton-files.js';
import { renderFile } from './render.js';

/** A file of a generated stage folder: its path inside the stage ('manifests/base/pdb.yaml') and its text. */
export interface StageFile {
  path: string;
  text: string;
}

/**
 * A stage folder made from its solution: files with lesson regions get the
 * regions `replace` picks stubbed out, the others are copied as they are.
 * The solution's own unit tests (*.test.ts) stay behind: they test the answer.
 */
export function generateStage(dir: string, replace: (id: string) => boolean = () => true, from = solutionsDir): StageFile[] {
  return skeletonFiles(join(from, dir))
    .filter((path) => !path.endsWith('.test.ts'))
    .map((path) => ({ path, text: renderFile(posix.join(dir, path), readFileSync(join(from, dir, path), 'utf8'), replace) }));
}

/**
 * Writes a generated stage into `root/dir`, and removes files there that the
 * solution no longer has. The lesson's README.md is written by hand and stays.
 */
export function writeStage(root: string, dir: string, files: StageFile[]): void {
  const wanted = new Set(files.map((f) => f.path));
  for (const stale of skeletonFiles(join(root, dir)).filter((path) => !wanted.has(path))) rmSync(join(root, dir, stale));
  for (const { path, text } of files) {
    mkdirSync(dirname(join(root, dir, path)), { recursive: true });
    writeFileSync(join(root, dir, path), text);
  }
}
