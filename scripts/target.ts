import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { repoRoot } from './cluster/paths.js';

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
