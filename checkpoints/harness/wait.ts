/**
 * Polls until `check` returns a value other than undefined/false, or fails
 * with a message that says what was being waited for and what was last seen.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  options: { timeoutMs?: number; intervalMs?: number; lastSeen?: () => unknown } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      if ((error as Error)?.name === 'NotImplementedError' || error instanceof StopWaiting) throw error;
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await sleep(options.intervalMs ?? 50);
  }
  const seen = options.lastSeen ? `\nLast seen: ${format(options.lastSeen())}` : '';
  const failed = lastError ? `\nLast error: ${(lastError as Error).message ?? lastError}` : '';
  // The last error rides along as the cause: the checkpoint's message can say in which of the learner's files it was thrown.
  throw new Error(`Timed out after ${timeoutMs / 1000}s waiting for ${what}.${seen}${failed}`, lastError ? { cause: lastError } : undefined);
}

/** Thrown from a waitFor check when waiting longer cannot help (e.g. the process under test has exited). */
export class StopWaiting extends Error {
  override name = 'StopWaiting';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function format(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}
