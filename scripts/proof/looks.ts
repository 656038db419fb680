import { existsSync, readFileSync } from 'node:fs';

/**
 * Which checkpoint names which TODO (`look: todo('1.3')`), as the checkpoints
 * report it while they run: npm test's per-TODO proof needs it to know which
 * checkpoints a TODO's stub must fail. The harness appends one JSON line per
 * checkpoint to the file this variable names.
 */
export const looksFileVariable = 'BARE_LOOKS_FILE';

export interface LookRecord {
  /** The checkpoint file, relative to the repository, as the results name it. */
  file: string;
  title: string;
  todos: readonly string[];
}

export function readLooks(file: string): LookRecord[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LookRecord);
}
