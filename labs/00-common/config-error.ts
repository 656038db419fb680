/** A flag or setting the user must fix: main prints its message and the usage, and exits 2 (never a stack trace). */
export class InvalidConfigError extends Error {
  override name = 'InvalidConfigError';
}
