import type { GetResult, WorkQueue } from './interfaces.js';

/**
 * What Go's struct embedding gives client-go's delaying and rate-limiting
 * queues for free: every WorkQueue method passed on to the queue inside.
 * A layer extends this and writes only what it adds or changes
 * (DelayingQueue: addAfter, and a shutDown that stops its timer first).
 */
export abstract class WrappedQueue<T, Q extends WorkQueue<T> = WorkQueue<T>> implements WorkQueue<T> {
  constructor(protected readonly queue: Q) {}

  add(item: T): void {
    this.queue.add(item);
  }

  len(): number {
    return this.queue.len();
  }

  get(): Promise<GetResult<T>> {
    return this.queue.get();
  }

  done(item: T): void {
    this.queue.done(item);
  }

  shutDown(): void {
    this.queue.shutDown();
  }

  shutDownWithDrain(): Promise<void> {
    return this.queue.shutDownWithDrain();
  }

  shuttingDown(): boolean {
    return this.queue.shuttingDown();
  }

  updateUnfinishedWork(): void {
    this.queue.updateUnfinishedWork();
  }
}
