import { join } from 'node:path';
import { NotImplementedError, todoReachedListener } from '../../labs/todo.js';
import { repoRoot } from '../../scripts/workbook/paths.js';

/** Node arguments that make a child process report each TODO it reaches on stderr. */
export const reportTodoReachedArgs = ['--import', join(repoRoot, 'checkpoints', 'harness', 'report-todo-reached.mjs')];

/**
 * Given each stderr line of such a child: a TODO it reached fails the running
 * checkpoint at once, with the same "Not written yet" as one reached in-process.
 */
export function forwardTodoReached(line: string): void {
  const reached = /^bare-controller: todo reached: (.*)$/.exec(line)?.[1];
  if (reached !== undefined) (globalThis as { [todoReachedListener]?: (error: Error) => void })[todoReachedListener]?.(new NotImplementedError(reached));
}
