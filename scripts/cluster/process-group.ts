import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync, closeSync } from 'node:fs';

/**
 * The control-plane processes of one cluster. Each writes to its own log file
 * so a failure to start can show its last lines; all are killed together, and
 * also when this Node process exits, so a crashed test run leaves no orphans.
 */
export class ProcessGroup {
  private readonly children: { name: string; child: ChildProcess; log: string }[] = [];
  private readonly killOnExit = () => this.killNow();

  constructor(private readonly detached = false) {
    if (!detached) process.once('exit', this.killOnExit);
  }

  start(name: string, command: string, args: string[], logFile: string): ChildProcess {
    const fd = openSync(logFile, 'a');
    const child = spawn(command, args, { stdio: ['ignore', fd, fd], detached: this.detached });
    closeSync(fd);
    if (this.detached) child.unref();
    this.children.push({ name, child, log: logFile });
    return child;
  }

  pids(): number[] {
    return this.children.map(({ child }) => child.pid).filter((pid): pid is number => pid !== undefined);
  }

  /** Throws with the log tail of the first process that has exited, if any. */
  assertAlive(): void {
    for (const { name, child, log } of this.children) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}). Last lines of ${log}:\n${tail(log)}`);
      }
    }
  }

  logTail(name: string): string {
    const entry = this.children.find((c) => c.name === name);
    return entry ? tail(entry.log) : '';
  }

  async stop(): Promise<void> {
    process.removeListener('exit', this.killOnExit);
    // Reverse order: controllers and API servers before the etcd they depend on.
    for (const { child } of [...this.children].reverse()) await terminate(child);
  }

  /** Stops one process by name (SIGTERM, then SIGKILL after 5 s), leaving the others running. */
  async stopOne(name: string): Promise<void> {
    const entry = this.children.find((c) => c.name === name);
    if (entry) await terminate(entry.child);
  }

  private killNow(): void {
    for (const { child } of this.children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export function tail(file: string, lines = 25): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
