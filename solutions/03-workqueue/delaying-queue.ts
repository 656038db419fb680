import type { TimerHandle } from './clock.js';
import { MinHeap } from './heap.js';
import { Queue, type QueueOptions } from './queue.js';

interface Waiting<T> {
  item: T;
  readyAt: number;
}

/**
 * client-go's DelayingInterface: `addAfter(item, ms)` puts an item in a
 * waiting room (a min-heap by deadline) and adds it when its time comes. If
 * the item is already waiting, the sooner deadline wins. One timer, for the
 * earliest deadline, whatever the number of waiting items.
 */
export class DelayingQueue<T> extends Queue<T> {
  private readonly heap = new MinHeap<Waiting<T>>((a, b) => a.readyAt < b.readyAt);
  /** The deadline that counts for each waiting item; heap entries that disagree are stale. */
  private readonly deadlines = new Map<T, number>();
  private timer: { handle: TimerHandle; at: number } | undefined;

  constructor(options: QueueOptions = {}) {
    super(options);
  }

  addAfter(item: T, ms: number): void {
    if (this.shuttingDown()) return;
    if (ms <= 0) {
      this.add(item);
      return;
    }
    const readyAt = this.clock.now() + ms;
    const current = this.deadlines.get(item);
    if (current !== undefined && current <= readyAt) return; // already due sooner
    this.deadlines.set(item, readyAt);
    this.heap.push({ item, readyAt });
    this.arm();
  }

  protected override onShutDown(): void {
    this.timer?.handle.cancel();
    this.timer = undefined;
  }

  private arm(): void {
    const next = this.nextLive();
    if (!next) return;
    if (this.timer && this.timer.at <= next.readyAt) return;
    this.timer?.handle.cancel();
    const at = next.readyAt;
    this.timer = { at, handle: this.clock.setTimer(at - this.clock.now(), () => this.fire()) };
  }

  private fire(): void {
    this.timer = undefined;
    const now = this.clock.now();
    for (let next = this.nextLive(); next && next.readyAt <= now; next = this.nextLive()) {
      this.heap.pop();
      this.deadlines.delete(next.item);
      this.add(next.item);
    }
    if (!this.shuttingDown()) this.arm();
  }

  /** The heap's top, after dropping entries superseded by a sooner deadline. */
  private nextLive(): Waiting<T> | undefined {
    for (let top = this.heap.peek(); top; top = this.heap.peek()) {
      if (this.deadlines.get(top.item) === top.readyAt) return top;
      this.heap.pop();
    }
    return undefined;
  }
}
