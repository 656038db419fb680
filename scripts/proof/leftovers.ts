/**
 * What a test run leaves behind, found at its end: every process it started
 * carries a mark in its environment (children inherit it, orphans keep it),
 * and every child's temp folders land in one folder of the run's own (their
 * TMPDIR). A `vitest watch` still running an hour after `npm test` passed,
 * with the test cluster's admin kubeconfig in its environment, is what this
 * catches.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The variable that marks a run's processes; its value is the run's id. */
export const runMarkVariable = 'BARE_TEST_RUN';

/**
 * Temp folders no run owns, kept for every later start: tsx's transform cache, and Node's
 * module compile cache (module.enableCompileCache() with no folder given writes to the temp folder).
 */
const caches = [/^tsx-\d+$/, /^node-compile-cache$/];

export interface RunMark {
  id: string;
  /** The TMPDIR every child of the run gets. */
  tmp: string;
  /** For a child's environment: the mark and the TMPDIR. */
  env: Record<string, string>;
}

export function markRun(): RunMark {
  const id = randomBytes(6).toString('hex');
  // Short: sockets inside a cluster folder in here must stay under the 108 bytes a Unix socket path may have.
  const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'bt-')));
  return { id, tmp, env: { [runMarkVariable]: id, TMPDIR: tmp } };
}

export interface LeftoverProcess {
  pid: number;
  command: string;
}

/** Processes, other than this one, whose environment carries the run's mark (Linux: /proc; elsewhere none can be seen). */
export function leftoverProcesses(mark: Pick<RunMark, 'id'>): LeftoverProcess[] {
  if (!existsSync('/proc/self/environ')) return [];
  const needle = `${runMarkVariable}=${mark.id}\0`;
  const found: LeftoverProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (!`${readFileSync(`/proc/${entry}/environ`, 'latin1')}\0`.includes(needle)) continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
      found.push({ pid: Number(entry), command: command.length > 160 ? `${command.slice(0, 157)}…` : command });
    } catch {
      // Gone meanwhile, or another user's.
    }
  }
  return found;
}

/** The run's temp folder's entries that some run made and did not remove. */
export function leftoverTempFolders(mark: Pick<RunMark, 'tmp'>): string[] {
  if (!existsSync(mark.tmp)) return [];
  return readdirSync(mark.tmp)
    .filter((name) => !caches.some((cache) => cache.test(name)))
    .map((name) => join(mark.tmp, name));
}

/** Stops what was left (it has been named by then), and removes the run's temp folder. */
export function clearLeftovers(mark: RunMark, processes: readonly LeftoverProcess[]): void {
  for (const { pid } of processes) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  rmSync(mark.tmp, { recursive: true, force: true });
}
