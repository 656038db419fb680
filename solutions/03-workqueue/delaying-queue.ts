import type { TimerHandle } from './clock.js';
import { MinHeap } from './heap.js';
import { Queue, type QueueOptions } from './queue.js';

// lab:todo 3.5
// lab:stub
interface Waiting<T> {
  item: T;
  readyAt: number;
}
// lab:end

/**
 * client-go's DelayingInterface: `addAfter(item, ms)` puts an item in a
 * waiting room (a min-heap by deadline) and adds it when its time comes. If
 * the item is already waiting, the sooner deadline wins. One timer, for the
 * earliest deadline, whatever the number of waiting items.
 *
 * Suggested design: a MinHeap (given) of { item, readyAt }, a Map item →
 * deadline (so a second addAfter can win with a sooner deadline — leave the
 * old heap entry and skip it when it surfaces), and ONE timer from
 * `this.clock.setTimer(ms, fn)` for the earliest deadline. Never sleep or
 * poll: the checkpoints move a fake clock and expect items exactly on time.
 */
export class DelayingQueue<T> extends Queue<T> {
  // lab:todo 3.5
  // lab:stub
  private readonly heap = new MinHeap<Waiting<T>>((a, b) => a.readyAt < b.readyAt);
  /** The deadline that counts for each waiting item; heap entries that disagree are stale. */
  private readonly deadlines = new Map<T, number>();
  private timer: { handle: TimerHandle; at: number } | undefined;
  // lab:end

  constructor(options: QueueOptions = {}) {
    super(options);
  }

  /**
   * TODO 3.5 — add `item` after `ms` (ms <= 0: add now; ignored after shutdown).
   * TODO 3.6 — if it is already waiting, keep the sooner deadline.
   * TODO 3.11 — every addAfter (not ignored by shutdown) is a retry: call
   * this.metrics.retried() before the ms <= 0 shortcut, as client-go's delaying
   * queue does, so a zero-delay retry is counted too.
   */
  addAfter(item: T, ms: number): void {
    // lab:todo 3.5 DelayingQueue.addAfter(${String(item)}, ${ms}): wait on the clock, then add
    if (this.shuttingDown()) return;
    // lab:todo 3.11
    // lab:stub
    this.metrics.retried();
    // lab:end
    if (ms <= 0) {
      this.add(item);
      return;
    }
    const readyAt = this.clock.now() + ms;
    // lab:todo 3.6
    // lab:stub
    const current = this.deadlines.get(item);
    if (current !== undefined && current <= readyAt) return; // already due sooner
    // lab:end
    this.deadlines.set(item, readyAt);
    this.heap.push({ item, readyAt });
    this.arm();
    // lab:end
  }

  /** TODO 3.6 — cancel the pending timer when the queue shuts down: no timer may outlive the queue. */
  protected override onShutDown(): void {
    // lab:todo 3.6 DelayingQueue.onShutDown: cancel the pending timer
    this.timer?.handle.cancel();
    this.timer = undefined;
    // lab:end
  }

  // lab:todo 3.5
  // lab:stub
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
  // lab:end
}
