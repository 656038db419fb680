/** Where image steps report progress: one line at a time, already prefixed. */
export type Log = (line: string) => void;

export const stderrLog: Log = (line) => process.stderr.write(`${line}\n`);

const seconds = (since: number) => (performance.now() - since) / 1000;

/**
 * Runs one slow step between two `[image]` lines, so a person watching a cold
 * build sees what it is doing and what took the time.
 */
export async function step<T>(log: Log, what: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  log(`[image] ${what}…`);
  const result = await run();
  log(`[image] ${what}: done in ${seconds(started).toFixed(1)} s`);
  return result;
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
