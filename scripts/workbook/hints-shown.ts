/**
 * How many hints of each TODO the learner has seen, kept in
 * .progress/hints.json so `npm run hint` gives the next one each time and
 * `npm start` can count them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from './paths.js';

export const hintsFile = () => process.env.BARE_HINTS_FILE ?? join(repoRoot, '.progress', 'hints.json');

/** TODO id → hints shown so far. */
export function hintsShown(): Record<string, number> {
  if (!existsSync(hintsFile())) return {};
  try {
    return JSON.parse(readFileSync(hintsFile(), 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

export function recordHintsShown(id: string, count: number): void {
  const shown = { ...hintsShown(), [id]: count };
  mkdirSync(dirname(hintsFile()), { recursive: true });
  writeFileSync(hintsFile(), `${JSON.stringify(shown, null, 2)}\n`);
}

/** For npm start: "5 hints for 3 TODOs (1.3, 1.6, 2.2)", or undefined when none were asked for. */
export function hintsSummary(shown = hintsShown()): string | undefined {
  const ids = Object.keys(shown).filter((id) => (shown[id] ?? 0) > 0);
  if (ids.length === 0) return undefined;
  const total = ids.reduce((sum, id) => sum + shown[id]!, 0);
  const sorted = ids.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return `${total} hint${total === 1 ? '' : 's'} for ${ids.length} TODO${ids.length === 1 ? '' : 's'} (${sorted.join(', ')})`;
}
