import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { skeletonFiles } from './skeleton-files.js';
import { stages } from '../course/course.js';
import { repoRoot, commonDir } from './paths.js';

/**
 * Which code the checkpoints test: the learner's `labs/` (default), the
 * reference `solutions/`, or any folder laid out like them (an instructor
 * grading a copy). Read from BARE_TARGET.
 */
export function resolveTarget(value = process.env.BARE_TARGET ?? 'labs', setting = 'BARE_TARGET'): string {
  const dir = value === 'labs' || value === 'solutions' ? resolve(repoRoot, value) : isAbsolute(value) ? value : resolve(process.cwd(), value);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(`${setting}=${value}: ${dir} is not a folder. Use labs, solutions, or a path to a folder laid out like labs/.`);
  }
  return dir;
}

/**
 * A target whose stages import 00-common/ but lack it cannot load them: a copy
 * of some stages made outside the workbook. The sentence says how to add it;
 * undefined when it is there, or nothing there needs it (stage 3 alone).
 */
export function missingCommon(dir: string): string | undefined {
  if (existsSync(join(dir, commonDir))) return undefined;
  const needs = stages.some((stage) => skeletonFiles(join(dir, stage.dir)).some((file) => file.endsWith('.ts') && readFileSync(join(dir, stage.dir, file), 'utf8').includes(`../${commonDir}/`)));
  if (!needs) return undefined;
  return `${join(dir, commonDir)} is missing: it holds the given code the stages import (logger, flags, API errors). Copy it in: cp -r ${join(repoRoot, 'labs', commonDir)} ${dir}/`;
}
