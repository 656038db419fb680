/**
 * `npm run lab:N -- --only <TODO id or words>`: the checkpoints that name
 * that TODO, or whose title or expectation holds every word — and the vitest
 * name pattern that runs just those.
 */
import type { IndexedCheckpoint } from './checkpoint-index.js';

export function selectCheckpoints(checkpoints: IndexedCheckpoint[], query: string): IndexedCheckpoint[] {
  const wanted = query.trim();
  if (/^\d+\.\d+$/.test(wanted)) return checkpoints.filter((c) => c.todos.includes(wanted));
  const words = wanted.toLowerCase().split(/\s+/).filter(Boolean);
  return checkpoints.filter((c) => {
    const haystack = `${c.title} ${c.expect} ${c.todos.map((t) => `TODO ${t}`).join(' ')}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** For vitest -t: the full name ends with the checkpoint's title. */
export function namePattern(selected: IndexedCheckpoint[]): string {
  return `(?:${selected.map((c) => escape(c.title)).join('|')})$`;
}
