import { todo } from '../todo.js';
import type { TimerHandle } from './clock.js';
import { MinHeap } from './heap.js';
import { Queue, type QueueOptions } from './queue.js';

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
    return todo(`3.5 DelayingQueue.addAfter(${String(item)}, ${ms}): wait on the clock, then add`);
  }

  /** TODO 3.6 — cancel the pending timer when the queue shuts down: no timer may outlive the queue. */
  protected override onShutDown(): void {
    return todo('3.6 DelayingQueue.onShutDown: cancel the pending timer');
  }
}
