/**
 * Runs one command as its own process group, with a time limit, a limit on
 * time without progress, and a memory cap over the whole group, its output
 * going to a log file. A learner's code
 * that loops, hangs or eats memory is stopped here and reported with the
 * reason; it cannot stall the class.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';

export interface Limits {
  /** The whole run. */
  timeoutMs: number;
  /** Longest time without progress (the progress file unchanged): an endless loop blocks the reporter, so nothing is written. */
  stallMs: number;
  /** Resident memory of the whole process group, in MiB. */
  memoryMb: number;
}

export type Ending =
  | { kind: 'exited'; code: number }
  | { kind: 'timeout'; afterMs: number }
  | { kind: 'stalled'; quietMs: number }
  | { kind: 'memory'; peakMb: number }
  | { kind: 'crashed'; why: string };

export function runLimited(command: string[], options: { env: NodeJS.ProcessEnv; cwd: string; log: string; limits: Limits; progressFile: string }): Promise<Ending> {
  const { limits } = options;
  return new Promise((resolve) => {
    const out = openSync(options.log, 'a');
    const [program, ...args] = command as [string, ...string[]];
    // detached: a new process group, so the workers vitest forks are stopped with it.
    const child = spawn(program, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', out, out] });
    closeSync(out);
    let ending: Ending | undefined;
    const stop = (why: Ending) => {
      ending ??= why;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const started = Date.now();
    const timer = setTimeout(() => stop({ kind: 'timeout', afterMs: Date.now() - started }), limits.timeoutMs);
    let progressAt = started;
    const sampler = setInterval(() => {
      const mb = groupResidentMb(child.pid!);
      if (mb !== undefined && mb > limits.memoryMb) stop({ kind: 'memory', peakMb: Math.round(mb) });
      if (existsSync(options.progressFile)) progressAt = Math.max(progressAt, statSync(options.progressFile).mtimeMs);
      if (Date.now() - progressAt > limits.stallMs) stop({ kind: 'stalled', quietMs: Date.now() - progressAt });
    }, 500);
    child.on('error', (error) => {
      ending ??= { kind: 'crashed', why: error.message };
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearInterval(sampler);
      // Whatever the group's leader did, no stray worker outlives the run.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Nothing left.
      }
      resolve(ending ?? (signal ? { kind: 'crashed', why: `killed by ${signal}` } : { kind: 'exited', code: code ?? 1 }));
    });
  });
}

/** Resident memory of every process in the group, from /proc; undefined where there is no /proc. */
export function groupResidentMb(group: number): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  let kb = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // After the command name (which may hold spaces and parentheses) the process group is the 3rd field.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== group) continue;
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // The process ended while we looked.
    }
  }
  return kb / 1024;
}
