/**
 * Thrown by every part of a skeleton you have not written yet. The checkpoints
 * recognise it and tell you which TODO to do next instead of showing a stack trace.
 */
export class NotImplementedError extends Error {
  override name = 'NotImplementedError';
}

/**
 * Where a checkpoint listens while it runs: a TODO reached inside code that
 * catches errors and retries (a worker, an event handler) then fails it at
 * once, saying which TODO, instead of after a long wait for a result.
 */
export const todoReachedListener = Symbol.for('bare-controller.todo-reached');

/** Marks a TODO: `return todo('1.2 Reflector.run: list, then watch')`. */
export function todo(what: string): never {
  const error = new NotImplementedError(what);
  (globalThis as { [todoReachedListener]?: (error: Error) => void })[todoReachedListener]?.(error);
  throw error;
}
