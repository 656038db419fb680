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
 * client-go's workqueue.Type: a FIFO of keys with two guarantees controllers
 * rely on.
 *
 *   dirty       keys that need processing (queued, or added again while processing)
 *   processing  keys a worker holds right now
 *
 * - A key added while already queued is not queued twice: ten events for one
 *   object cost one reconcile.
 * - A key is never handed to two workers at once: one added while processing
 *   is only marked dirty, and queued again when the worker calls done().
 */
export class Queue<T> {
  private readonly queue = new Fifo<T>();
  private readonly dirty = new Set<T>();
  private readonly processing = new Set<T>();
  private readonly waiters: ((result: GetResult<T>) => void)[] = [];
  private drainWaiters: (() => void)[] = [];
  private shuttingDownFlag = false;
  protected readonly clock: Clock;
  protected readonly metrics: QueueMetrics<T>;

  constructor(options: QueueOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.metrics = new QueueMetrics(options.name ?? 'workqueue', options.metricsProvider ?? noopMetricsProvider, this.clock);
  }

  /** Marks `item` as needing processing. Ignored after shutdown. */
  add(item: T): void {
    if (this.shuttingDownFlag || this.dirty.has(item)) return;
    this.metrics.added(item);
    this.dirty.add(item);
    if (this.processing.has(item)) return; // queued again by done()
    this.enqueue(item);
  }

  /** Items waiting for a worker (not the ones being processed). */
  len(): number {
    return this.queue.length;
  }

  /**
   * The next item, waiting while the queue is empty. Once shut down, items
   * still queued are handed out; then every call answers `shutdown: true`.
   */
  get(): Promise<GetResult<T>> {
    const item = this.queue.shift();
    if (item !== undefined) return Promise.resolve(this.handOut(item));
    if (this.shuttingDownFlag) return Promise.resolve({ item: undefined, shutdown: true });
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The worker is finished with `item`; if it was added meanwhile, it is queued again now. */
  done(item: T): void {
    this.metrics.finished(item);
    this.processing.delete(item);
    if (this.dirty.has(item)) this.enqueue(item);
    if (this.processing.size === 0 && this.drainWaiters.length > 0) {
      for (const resolve of this.drainWaiters) resolve();
      this.drainWaiters = [];
    }
  }

  /** Stops accepting items and releases waiting workers. Queued items are still handed out. */
  shutDown(): void {
    if (this.shuttingDownFlag) return;
    this.shuttingDownFlag = true;
    this.onShutDown();
    if (this.queue.length === 0) {
      for (const resolve of this.waiters.splice(0)) resolve({ item: undefined, shutdown: true });
    }
  }

  /** Like shutDown(), then resolves once every item being processed has been marked done. */
  shutDownWithDrain(): Promise<void> {
    this.shutDown();
    if (this.processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  shuttingDown(): boolean {
    return this.shuttingDownFlag;
  }

  /** Refreshes the unfinished-work and longest-running gauges (call it from a metrics scrape or a ticker). */
  updateUnfinishedWork(): void {
    this.metrics.updateUnfinishedWork();
  }

  /** For subclasses that hold timers. */
  protected onShutDown(): void {}

  private enqueue(item: T): void {
    this.metrics.queued();
    const waiter = this.waiters.shift();
    if (waiter) waiter(this.handOut(item));
    else this.queue.push(item);
  }

  private handOut(item: T): GetResult<T> {
    this.metrics.gotten(item);
    this.processing.add(item);
    this.dirty.delete(item);
    return { item, shutdown: false };
  }
}
