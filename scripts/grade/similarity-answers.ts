/**
 * Two answers to stage 1's list() and stage 3's Queue, written independently
 * of each other and of solutions/ (different data structures, different
 * order), for the similarity check's test: no pair among them may be flagged.
 * Each is the skeleton with its TODO lines replaced, so the rest of the copy
 * is the given code, as in a learner's.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Answer {
  /** File in the stage folder → [the skeleton line to replace (a part of it), what goes there]. */
  [file: string]: Array<[string, string]>;
}

const queueA: Answer = {
  '03-workqueue/queue.ts': [
    [
      'private readonly metrics: QueueMetrics<T>;',
      `private readonly metrics: QueueMetrics<T>;
  private readonly wanted = new Set<T>();
  private readonly held = new Set<T>();
  private readonly sleepers: Array<(next: GetResult<T>) => void> = [];
  private readonly drainers: Array<() => void> = [];
  private closed = false;`,
    ],
    [
      '3.1 Queue.add(',
      `if (this.closed) return;
    if (this.wanted.has(item)) return;
    this.metrics.added(item);
    this.wanted.add(item);
    if (!this.held.has(item)) {
      this.queue.push(item);
      this.metrics.queued();
      this.wake();
    }`,
    ],
    ['3.1 Queue.len', 'return this.queue.len();'],
    [
      '3.3 Queue.get',
      `const next = this.queue.shift();
    if (next !== undefined) {
      this.wanted.delete(next);
      this.held.add(next);
      this.metrics.gotten(next);
      return Promise.resolve({ item: next, shutdown: false });
    }
    if (this.closed) return Promise.resolve({ item: undefined, shutdown: true });
    return new Promise((resolve) => this.sleepers.push(resolve));`,
    ],
    [
      '3.2 Queue.done(',
      `this.metrics.finished(item);
    this.held.delete(item);
    if (this.wanted.has(item)) {
      this.queue.push(item);
      this.metrics.queued();
      this.wake();
    } else if (this.held.size === 0) for (const drained of this.drainers.splice(0)) drained();`,
    ],
    [
      '3.4 Queue.shutDown:',
      `if (this.closed) { for (const drained of this.drainers.splice(0)) drained(); return; }
    this.closed = true;
    for (const sleeper of this.sleepers.splice(0)) sleeper({ item: undefined, shutdown: true });`,
    ],
    [
      '3.4 Queue.shutDownWithDrain',
      `this.shutDown();
    if (this.held.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainers.push(resolve));`,
    ],
    [
      "3.4 Queue.shuttingDown'",
      `return this.closed;
  }

  /** Hands the head of the queue to the longest-waiting get(). */
  private wake(): void {
    const sleeper = this.sleepers.shift();
    if (!sleeper) return;
    const next = this.queue.shift() as T;
    this.wanted.delete(next);
    this.held.add(next);
    this.metrics.gotten(next);
    sleeper({ item: next, shutdown: false });`,
    ],
  ],
};

const queueB: Answer = {
  '03-workqueue/queue.ts': [
    [
      'private readonly metrics: QueueMetrics<T>;',
      `private readonly metrics: QueueMetrics<T>;
  // state of every key this queue knows: 'queued', 'active', or 'active+again'
  private readonly state = new Map<T, 'queued' | 'active' | 'active+again'>();
  private parked: { resolve: (r: GetResult<T>) => void }[] = [];
  private stopping: boolean = false;
  private onIdle?: () => void;`,
    ],
    [
      '3.1 Queue.add(',
      `const now = this.state.get(item);
    switch (true) {
      case this.stopping:
      case now === 'queued':
      case now === 'active+again':
        return;
    }
    this.metrics.added(item);
    if (now === 'active') {
      this.state.set(item, 'active+again');
      return;
    }
    this.state.set(item, 'queued');
    const first = this.parked.shift();
    if (first) {
      this.state.set(item, 'active');
      this.metrics.queued();
      this.metrics.gotten(item);
      first.resolve({ item, shutdown: false });
      return;
    }
    this.queue.push(item);
    this.metrics.queued();`,
    ],
    ['3.1 Queue.len', 'let n = 0; n += this.queue.len(); return n;'],
    [
      '3.3 Queue.get',
      `return new Promise<GetResult<T>>((resolve) => {
      if (this.queue.len() > 0) {
        const item = this.queue.shift()!;
        this.state.set(item, 'active');
        this.metrics.gotten(item);
        resolve({ item, shutdown: false });
      } else if (this.stopping) resolve({ item: undefined, shutdown: true });
      else this.parked.push({ resolve });
    });`,
    ],
    [
      '3.2 Queue.done(',
      `const was = this.state.get(item);
    this.metrics.finished(item);
    if (was === 'active+again') {
      this.state.set(item, 'queued');
      this.queue.push(item);
      this.metrics.queued();
      const first = this.parked.shift();
      if (first) void this.get().then(first.resolve);
      return;
    }
    this.state.delete(item);
    if (![...this.state.values()].some((s) => s !== 'queued')) this.onIdle?.();`,
    ],
    [
      '3.4 Queue.shutDown:',
      `const idle = this.onIdle;
    this.onIdle = undefined;
    idle?.();
    if (!this.stopping) {
      this.stopping = true;
      const parked = this.parked;
      this.parked = [];
      parked.forEach((p) => p.resolve({ item: undefined, shutdown: true }));
    }`,
    ],
    [
      '3.4 Queue.shutDownWithDrain',
      `const busy = [...this.state.values()].some((s) => s !== 'queued');
    const idle = busy ? new Promise<void>((resolve) => (this.onIdle = resolve)) : Promise.resolve();
    this.shutDown();
    if (busy) this.onIdle = this.onIdle ?? (() => {});
    return idle;`,
    ],
    ["3.4 Queue.shuttingDown'", 'return this.stopping === true;'],
  ],
};

const listA: Answer = {
  '01-list-watch/list-watch.ts': [
    [
      '1.1 ListWatch.list',
      `const answer = await listPath<T>(this.kubeConfig, this.path);
    const items = answer.items.map((item) => ({ ...item, kind: this.kind, apiVersion: this.apiVersion }));
    return { items, resourceVersion: answer.metadata?.resourceVersion ?? '' };`,
    ],
  ],
};

const listB: Answer = {
  '01-list-watch/list-watch.ts': [
    [
      '1.1 ListWatch.list',
      `const { items: raw, metadata } = await listPath<T>(this.kubeConfig, this.path);
    for (const object of raw) {
      object.apiVersion = this.apiVersion;
      object.kind = this.kind;
    }
    const rv = metadata?.resourceVersion;
    if (!rv) throw new Error('the LIST answered without a resourceVersion');
    return { resourceVersion: rv, items: raw };`,
    ],
  ],
};

export const independentAnswers = { a: [queueA, listA], b: [queueB, listB] } as const;

/** Writes an answer over a copy of the skeleton: each TODO line that holds `find` becomes the answer's code. */
export function writeAnswer(copy: string, answer: Answer): void {
  for (const [file, replacements] of Object.entries(answer)) {
    const path = join(copy, file);
    const lines = readFileSync(path, 'utf8').split('\n');
    for (const [find, code] of replacements) {
      const at = lines.findIndex((line) => line.includes(find));
      if (at < 0) throw new Error(`${file}: no line with ${find}`);
      // A TODO line is `return todo(...)`: the whole line goes. A field or a comment line: the code keeps its indent.
      const indent = /^\s*/.exec(lines[at]!)![0];
      lines[at] = `${indent}${code}`;
    }
    writeFileSync(path, lines.join('\n'));
  }
}
