import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Figures, LeaderEvent, Request } from './protocol.js';
import { deployedNodeFlags } from './deployed-node-flags.js';
import { vmRssMiB } from './rss.js';
import { repoRoot } from '../../workbook/paths.js';

export type Side = 'go' | 'ts';

/** A received event, stamped on arrival with this process's clock: one clock for both sides. */
export interface Stamped extends LeaderEvent {
  at: number;
}

/**
 * One child process speaking protocol.ts: the Go binary or the TypeScript
 * worker. Requests are answered in order; events are kept with the time they
 * arrived so takeover times are measured here, not by the contenders.
 */
export class Contender {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (figures: Figures) => void; reject: (error: Error) => void }>();
  private readonly events: Stamped[] = [];
  private readonly eventWaiters: (() => void)[] = [];
  private stderrTail: string[] = [];
  private exited: string | undefined;

  private constructor(
    readonly side: Side,
    private readonly child: ChildProcessWithoutNullStreams,
  ) {
    createInterface({ input: child.stdout }).on('line', (line) => this.onLine(line));
    // Kept for error messages only: klog and Node warnings are not figures.
    createInterface({ input: child.stderr }).on('line', (line) => (this.stderrTail = [...this.stderrTail.slice(-20), line]));
    child.on('exit', (code, signal) => {
      this.exited = `exited (${code ?? signal})`;
      for (const { reject } of this.pending.values()) reject(new Error(`${side} contender ${this.exited}:\n${this.stderrTail.join('\n')}`));
      this.pending.clear();
      for (const wake of this.eventWaiters.splice(0)) wake();
    });
  }

  /**
   * The Go binary, or the TS worker under tsx with --expose-gc (the "gc" op
   * needs it) and Node flags: by default those the controller is deployed with.
   */
  static start(side: Side, goBinary: string, env: NodeJS.ProcessEnv = {}, nodeFlags: readonly string[] = deployedNodeFlags()): Contender {
    const [command, args] =
      side === 'go' ? [goBinary, []] : [process.execPath, ['--expose-gc', ...nodeFlags, '--import', 'tsx', new URL('./ts-worker.ts', import.meta.url).pathname]];
    const child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    return new Contender(side, child);
  }

  get pid(): number {
    return this.child.pid!;
  }

  request(request: Request): Promise<Figures> {
    if (this.exited) return Promise.reject(new Error(`${this.side} contender ${this.exited}:\n${this.stderrTail.join('\n')}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdin.write(`${JSON.stringify({ id, ...request })}\n`);
    });
  }

  /** Resident memory of the process now, in MiB. */
  rssMiB(): number {
    return vmRssMiB(this.pid);
  }

  /** The first event of this kind with arrival time ≥ `since`; rejects after `timeoutMs`. */
  async event(kind: LeaderEvent['event'], since: number, timeoutMs: number): Promise<Stamped> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((e) => e.event === kind && e.at >= since);
      if (found) return found;
      if (this.exited) throw new Error(`${this.side} contender ${this.exited} before ${kind}`);
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`${this.side} contender: no ${kind} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.eventWaiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
  }

  /** SIGKILL: no clean-up, no lease release — a crashed leader. */
  kill(): void {
    this.child.kill('SIGKILL');
  }

  /** Ends the process: stdin closed (the Go side exits), then SIGKILL if it lingers. */
  async close(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2_000);
    await gone;
    clearTimeout(timer);
  }

  private onLine(line: string): void {
    let message: { id?: number; event?: LeaderEvent['event']; error?: string; identity?: string } & Figures;
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      return; // not ours: a library writing to stdout
    }
    if (message.event) {
      this.events.push({ event: message.event, identity: message.identity ?? '', at: performance.now() });
      for (const wake of this.eventWaiters.splice(0)) wake();
      return;
    }
    const waiter = message.id === undefined ? undefined : this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id!);
    if (message.error) waiter.reject(new Error(`${this.side} contender: ${message.error}`));
    else waiter.resolve(message);
  }
}
