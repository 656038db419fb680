import { todo } from '../todo.js';
import { realClock, type Clock } from './clock.js';
import { Fifo } from './fifo.js';
import type { GetResult, WorkQueue } from './interfaces.js';
import { noopMetricsProvider, QueueMetrics, type MetricsProvider } from './metrics.js';

export interface QueueOptions {
  /** Names the queue's metrics. */
  name?: string;
  clock?: Clock;
  metricsProvider?: MetricsProvider;
}

/**
 * client-go's workqueue.Type: a FIFO of keys with two guarantees controllers
 * rely on.
 *
 *   queue       Fifo<T>   keys waiting for a worker, in order (given: O(1) shift)
 *   dirty       Set<T>    keys that need processing (queued, or added again while processing)
 *   processing  Set<T>    keys a worker holds right now
 *   waiters               resolve functions of get() calls waiting on an empty queue
 *
 * - A key added while already queued is not queued twice: ten events for one
 *   object cost one reconcile.
 * - A key is never handed to two workers at once: one added while processing
 *   is only marked dirty, and queued again when the worker calls done().
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
export class Queue<T> implements WorkQueue<T> {
  private readonly queue = new Fifo<T>();
  private readonly clock: Clock;
  private readonly metrics: QueueMetrics<T>;

  constructor(options: QueueOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.metrics = new QueueMetrics(options.name ?? 'workqueue', options.metricsProvider ?? noopMetricsProvider, this.clock);
  }

  /** TODO 3.1 — mark `item` as needing processing; never queue it twice. Ignored after shutdown. */
  add(item: T): void {
    return todo(`3.1 Queue.add(${String(item)}): queue the item unless it is already dirty`);
  }

  /** TODO 3.1 — items waiting for a worker (not the ones being processed). */
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

  /** TODO 3.2 — the worker is finished with `item`; if it was added meanwhile, queue it again now. */
  done(item: T): void {
    return todo(`3.2 Queue.done(${String(item)}): leave processing, re-queue if dirty`);
  }

  /**
   * TODO 3.4 — stop accepting items (once), and release waiting get() calls with shutdown: true. Queued items are still handed out.
   * A shutDown() while a shutDownWithDrain() waits ends that wait at once
   * (client-go: ShutDown after ShutDownWithDrain stops waiting for the drain).
   */
  shutDown(): void {
    return todo('3.4 Queue.shutDown: ignore new adds and release waiting workers');
  }

  /** TODO 3.4 — shutDown(), then resolve once every item being processed has been marked done. */
  shutDownWithDrain(): Promise<void> {
    return todo('3.4 Queue.shutDownWithDrain: shut down, then wait for every in-flight item to be done');
  }

  /** TODO 3.4 */
  shuttingDown(): boolean {
    return todo('3.4 Queue.shuttingDown');
  }

  /** Refreshes the unfinished-work and longest-running gauges (call it from a metrics scrape or a ticker). */
  updateUnfinishedWork(): void {
    this.metrics.updateUnfinishedWork();
  }
}
