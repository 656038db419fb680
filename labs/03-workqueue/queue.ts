import { todo } from '../todo.js';
import { realClock, type Clock } from './clock.js';
import { Fifo } from './fifo.js';
import { noopMetricsProvider, QueueMetrics, type MetricsProvider } from './metrics.js';

export interface QueueOptions {
  /** Names the queue's metrics. */
  name?: string;
  clock?: Clock;
  metricsProvider?: MetricsProvider;
}

export type GetResult<T> = { item: T; shutdown: false } | { item: undefined; shutdown: true };

/**
 * client-go's workqueue.Type: a FIFO of keys with two guarantees.
 *
 *   queue       Fifo<T>   keys waiting for a worker, in order (given: O(1) shift)
 *   dirty       Set<T>    keys that need processing (queued, or re-added while processing)
 *   processing  Set<T>    keys a worker holds right now
 *   waiters               resolve functions of get() calls waiting on an empty queue
 *
 *   add(k):  ignore if shutting down or k ∈ dirty; dirty += k;
 *            if k ∈ processing → stop here (done() will queue it); else queue it
 *   get():   take the head: dirty -= k, processing += k
 *   done(k): processing -= k; if k ∈ dirty → queue it again
 *
 * TODO 3.11 (metrics): call this.metrics.added(k) for each accepted add,
 * .queued() whenever a key enters the queue, .gotten(k) when a worker takes
 * it, .finished(k) in done(). QueueMetrics (given) does the arithmetic.
 */
export class Queue<T> {
  protected readonly clock: Clock;
  protected readonly metrics: QueueMetrics<T>;
  protected readonly fifo = new Fifo<T>();

  constructor(options: QueueOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.metrics = new QueueMetrics(options.name ?? 'workqueue', options.metricsProvider ?? noopMetricsProvider, this.clock);
  }

  /** TODO 3.1 — mark `item` as needing processing; never queue it twice. */
  add(item: T): void {
    todo(`3.1 Queue.add(${String(item)}): queue the item unless it is already dirty`);
  }

  /** TODO 3.1 — items waiting for a worker (not those being processed). */
  len(): number {
    return todo('3.1 Queue.len: the number of queued items');
  }

  /**
   * TODO 3.3 — the next item. When the queue is empty, return a promise that
   * resolves on the next add (keep its resolve function in a list of waiters).
   * Once shut down: hand out what is still queued, then `{ item: undefined, shutdown: true }`.
   */
  get(): Promise<GetResult<T>> {
    return todo('3.3 Queue.get: hand out the head of the queue, or wait for one');
  }

  /** TODO 3.2 — the worker finished `item`; queue it again if it was added meanwhile. */
  done(item: T): void {
    todo(`3.2 Queue.done(${String(item)}): leave processing, re-queue if dirty`);
  }

  /** TODO 3.4 — stop accepting items; release waiting get() calls with shutdown: true. */
  shutDown(): void {
    todo('3.4 Queue.shutDown: ignore new adds and release waiting workers');
  }

  /** TODO 3.4 — shutDown(), then resolve once nothing is being processed. */
  shutDownWithDrain(): Promise<void> {
    return todo('3.4 Queue.shutDownWithDrain: shut down, then wait for every in-flight item to be done');
  }

  /** TODO 3.4 */
  shuttingDown(): boolean {
    return todo('3.4 Queue.shuttingDown');
  }

  /** Refreshes the unfinished-work and longest-running gauges. */
  updateUnfinishedWork(): void {
    this.metrics.updateUnfinishedWork();
  }

  /** For subclasses that hold timers (the delaying queue): called once by shutDown(). */
  protected onShutDown(): void {}
}
