import { posix } from 'node:path';
import { findTodo, type Stage, type Todo } from '../../scripts/course/course.js';

/** Where a checkpoint sends the learner: the TODOs it checks, by id, and the same as words. */
export interface Look {
  readonly todos: readonly string[];
  /** "labs/01-list-watch/reflector.ts — TODO 1.3 Reflector.run", from the course description. */
  readonly text: string;
  /** The files those TODOs are in, as the learner sees them: "labs/01-list-watch/reflector.ts". */
  readonly files: readonly string[];
}

const todoId = /^\d+\.\d+$/;

/**
 * `look: todo('1.3')` — the TODOs a checkpoint checks, named by id and
 * rendered from the course description (scripts/course/course.ts), so the text can
 * never name a file or a symbol that does not exist. A part that is not an
 * id is a note on the id before it: `todo('1.4', 'BOOKMARK')`.
 * npm test's per-TODO proof reads the ids: each must make this checkpoint fail.
 */
export function todo(...parts: string[]): Look {
  const named: { stage: Stage; todo: Todo; notes: string[] }[] = [];
  for (const part of parts) {
    if (todoId.test(part)) {
      const found = findTodo(part);
      if (!found) throw new Error(`look: todo('${part}') — there is no TODO ${part} in scripts/course/course.ts`);
      named.push({ ...found, notes: [] });
    } else {
      const last = named.at(-1);
      if (!last) throw new Error(`look: todo('${part}') — a note follows a TODO id, as in todo('1.4', 'BOOKMARK')`);
      last.notes.push(part);
    }
  }
  if (named.length === 0) throw new Error('look: todo() needs at least one TODO id');
  // One path per file, its TODOs after it: "labs/x/a.ts — TODO 4.4 … and TODO 4.5 …; labs/x/b.ts — TODO 4.7 …".
  const byFile = new Map<string, string[]>();
  for (const { stage, todo: t, notes } of named) {
    const path = posix.join('labs', stage.dir, t.file);
    const entry = `TODO ${t.id} ${t.symbol}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
    byFile.set(path, [...(byFile.get(path) ?? []), entry]);
  }
  const text = [...byFile].map(([path, entries]) => `${path} — ${entries.join(' and ')}`).join('; ');
  return { todos: named.map((n) => n.todo.id), text, files: [...byFile.keys()] };
}
