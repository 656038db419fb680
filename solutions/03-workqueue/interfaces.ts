/**
 * The three layers of client-go's workqueue package, as interfaces: code that
 * uses a queue (the controller in stage 4, a test's fake) depends on these,
 * never on the classes, so any implementation fits without a cast.
 *
 *   WorkQueue<T>              workqueue.TypedInterface       add / get / done, de-duplicated
 *   DelayingWorkQueue<T>      TypedDelayingInterface         + addAfter
 *   RateLimitingWorkQueue<T>  TypedRateLimitingInterface     + addRateLimited / forget / numRequeues
 *
 * Each layer wraps the one below (Queue ← DelayingQueue ← RateLimitingQueue),
 * as in client-go, instead of inheriting from it.
 */
/** What get() hands out: a key, or word that the queue has shut down and has nothing more. */
export type GetResult<T> = { item: T; shutdown: false } | { item: undefined; shutdown: true };

export interface WorkQueue<T> {
  add(item: T): void;
  len(): number;
  get(): Promise<GetResult<T>>;
  done(item: T): void;
  shutDown(): void;
  shutDownWithDrain(): Promise<void>;
  shuttingDown(): boolean;
  /** Refreshes the unfinished-work and longest-running gauges (from a metrics scrape or a ticker). */
  updateUnfinishedWork(): void;
}

export interface DelayingWorkQueue<T> extends WorkQueue<T> {
  addAfter(item: T, ms: number): void;
}

export interface RateLimitingWorkQueue<T> extends DelayingWorkQueue<T> {
  addRateLimited(item: T): void;
  forget(item: T): void;
  numRequeues(item: T): number;
}
