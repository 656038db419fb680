import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateStage, writeStage } from '../labs/generate.js';
import { labsDir, workbookDirs } from '../workbook/paths.js';

/**
 * A target folder laid out like solutions/ in which exactly one TODO is
 * undone: that TODO's regions replaced by their stubs, everything else the
 * reference solution (a mutant, in mutation-testing words). Checkpoints that
 * name the TODO must fail on it.
 */
export function writeMutant(root: string, id: string): void {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  for (const dir of workbookDirs()) writeStage(root, dir, generateStage(dir, (region) => region === id));
  cpSync(join(labsDir, 'todo.ts'), join(root, 'todo.ts'));
}
