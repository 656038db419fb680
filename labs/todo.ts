/**
 * Thrown by every part of a skeleton you have not written yet. The checkpoints
 * recognise it and tell you which TODO to do next instead of showing a stack trace.
 */
export class NotImplementedError extends Error {
  override name = 'NotImplementedError';
}

/** Marks a TODO: `return todo('1.2 Reflector.run: list, then watch')`. */
export function todo(what: string): never {
  throw new NotImplementedError(what);
}
