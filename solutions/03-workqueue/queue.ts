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
  // lab:todo 3.1
  // lab:stub
  private readonly dirty = new Set<T>();
  private readonly processing = new Set<T>();
  private readonly waiters: ((result: GetResult<T>) => void)[] = [];
  private drainWaiters: (() => void)[] = [];
  private shuttingDownFlag = false;
  // lab:end
  private readonly clock: Clock;
  private readonly metrics: QueueMetrics<T>;

  constructor(options: QueueOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.metrics = new QueueMetrics(options.name ?? 'workqueue', options.metricsProvider ?? noopMetricsProvider, this.clock);
  }

  /** TODO 3.1 — mark `item` as needing processing; never queue it twice. Ignored after shutdown. */
  add(item: T): void {
    // lab:todo 3.1 Queue.add(${String(item)}): queue the item unless it is already dirty
    if (this.shuttingDownFlag || this.dirty.has(item)) return;
    // lab:todo 3.11
    // lab:stub
    this.metrics.added(item);
    // lab:end
    this.dirty.add(item);
    if (this.processing.has(item)) return; // queued again by done()
    this.enqueue(item);
    // lab:end
  }

  /** TODO 3.1 — items waiting for a worker (not the ones being processed). */
  len(): number {
    // lab:todo 3.1 Queue.len: the number of queued items
    return this.queue.len();
    // lab:end
  }

  /**
   * TODO 3.3 — the next item. When the queue is empty, return a promise that
   * resolves on the next add (keep its resolve function in a list of waiters).
   * Once shut down: hand out what is still queued, then `{ item: undefined, shutdown: true }`.
   */
  get(): Promise<GetResult<T>> {
    // lab:todo 3.3 Queue.get: hand out the head of the queue, or wait for one
    const item = this.queue.shift();
    if (item !== undefined) return Promise.resolve(this.handOut(item));
    if (this.shuttingDownFlag) return Promise.resolve({ item: undefined, shutdown: true });
    return new Promise((resolve) => this.waiters.push(resolve));
    // lab:end
  }

  /** TODO 3.2 — the worker is finished with `item`; if it was added meanwhile, queue it again now. */
  done(item: T): void {
    // lab:todo 3.2 Queue.done(${String(item)}): leave processing, re-queue if dirty
    // lab:todo 3.11
    // lab:stub
    this.metrics.finished(item);
    // lab:end
    this.processing.delete(item);
    if (this.dirty.has(item)) this.enqueue(item);
    // lab:todo 3.4
    // lab:stub
    if (this.processing.size === 0 && this.drainWaiters.length > 0) {
      for (const resolve of this.drainWaiters) resolve();
      this.drainWaiters = [];
    }
    // lab:end
    // lab:end
  }

  /**
   * TODO 3.4 — stop accepting items (once), and release waiting get() calls with shutdown: true. Queued items are still handed out.
   * A shutDown() while a shutDownWithDrain() waits ends that wait at once
   * (client-go: ShutDown after ShutDownWithDrain stops waiting for the drain).
   */
  shutDown(): void {
    // lab:todo 3.4 Queue.shutDown: ignore new adds and release waiting workers
    for (const resolve of this.drainWaiters.splice(0)) resolve();
    if (this.shuttingDownFlag) return;
    this.shuttingDownFlag = true;
    if (this.queue.len() === 0) {
      for (const resolve of this.waiters.splice(0)) resolve({ item: undefined, shutdown: true });
    }
    // lab:end
  }

  /** TODO 3.4 — shutDown(), then resolve once every item being processed has been marked done. */
  shutDownWithDrain(): Promise<void> {
    // lab:todo 3.4 Queue.shutDownWithDrain: shut down, then wait for every in-flight item to be done
    if (!this.shuttingDownFlag) this.shutDown();
    if (this.processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
    // lab:end
  }

  /** TODO 3.4 */
  shuttingDown(): boolean {
    // lab:todo 3.4 Queue.shuttingDown
    return this.shuttingDownFlag;
    // lab:end
  }

  /** Refreshes the unfinished-work and longest-running gauges (call it from a metrics scrape or a ticker). */
  updateUnfinishedWork(): void {
    this.metrics.updateUnfinishedWork();
  }

  // lab:todo 3.1
  // lab:stub
  private enqueue(item: T): void {
    // lab:todo 3.11
    // lab:stub
    this.metrics.queued();
    // lab:end
    const waiter = this.waiters.shift();
    if (waiter) waiter(this.handOut(item));
    else this.queue.push(item);
  }

  private handOut(item: T): GetResult<T> {
    // lab:todo 3.11
    // lab:stub
    this.metrics.gotten(item);
    // lab:end
    this.processing.add(item);
    this.dirty.delete(item);
    return { item, shutdown: false };
  }
  // lab:end
}
