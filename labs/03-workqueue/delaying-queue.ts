import { todo } from '../todo.js';
import { realClock, type Clock, type TimerHandle } from './clock.js';
import { MinHeap } from './heap.js';
import type { DelayingWorkQueue, WorkQueue } from './interfaces.js';
import { noopMetricsProvider, RetryMetrics } from './metrics.js';
import { Queue, type QueueOptions } from './queue.js';
import { WrappedQueue } from './wrapped-queue.js';

export interface DelayingQueueOptions<T> extends QueueOptions {
  /** The queue that items go into when their time comes; a new Queue with these options if absent. */
  queue?: WorkQueue<T>;
}

/**
 * client-go's DelayingInterface: `addAfter(item, ms)` puts an item in a
 * waiting room (a min-heap by deadline) and adds it to the queue it wraps when
 * its time comes. If the item is already waiting, the sooner deadline wins.
 * One timer, for the earliest deadline, whatever the number of waiting items.
 * Everything else is the wrapped queue's (WrappedQueue passes it on).
 *
 * Suggested design: a MinHeap (given) of { item, readyAt }, a Map item →
 * deadline (so a second addAfter can win with a sooner deadline — leave the
 * old heap entry and skip it when it surfaces), and ONE timer from
 * `this.clock.setTimer(ms, fn)` for the earliest deadline. Never sleep or
 * poll: the checkpoints move a fake clock and expect items exactly on time.
 */
export class DelayingQueue<T> extends WrappedQueue<T> implements DelayingWorkQueue<T> {
  private readonly clock: Clock;
  private readonly retries: RetryMetrics;

  constructor(options: DelayingQueueOptions<T> = {}) {
    super(options.queue ?? new Queue<T>(options));
    this.clock = options.clock ?? realClock;
    this.retries = new RetryMetrics(options.name ?? 'workqueue', options.metricsProvider ?? noopMetricsProvider);
  }

  /**
   * TODO 3.5 — add `item` after `ms` (ms <= 0: add now; ignored after shutdown).
   * TODO 3.6 — if it is already waiting, keep the sooner deadline.
   * TODO 3.11 — every addAfter (not ignored by shutdown) is a retry: call
   * this.retries.retried() before the ms <= 0 shortcut, as client-go's delaying
   * queue does, so a zero-delay retry is counted too.
   */
  addAfter(item: T, ms: number): void {
    return todo(`3.5 DelayingQueue.addAfter(${String(item)}, ${ms}): wait on the clock, then add`);
  }

  /** TODO 3.6 — cancel the pending timer, then shut the wrapped queue down: no timer may outlive the queue. */
  override shutDown(): void {
    return todo('3.6 DelayingQueue.shutDown: cancel the pending timer, then shut the queue down');
  }

  /** TODO 3.6 — the same, then wait for the wrapped queue to drain. */
  override shutDownWithDrain(): Promise<void> {
    return todo('3.6 DelayingQueue.shutDownWithDrain: cancel the pending timer, then drain the queue');
  }
}
