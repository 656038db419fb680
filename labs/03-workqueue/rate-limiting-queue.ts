import { todo } from '../todo.js';
import { realClock } from './clock.js';
import { DelayingQueue } from './delaying-queue.js';
import type { DelayingWorkQueue, RateLimitingWorkQueue } from './interfaces.js';
import type { QueueOptions } from './queue.js';
import { WrappedQueue } from './wrapped-queue.js';
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiters.js';

export interface RateLimitingQueueOptions<T> extends QueueOptions {
  /** The delaying queue that retries wait in; a new DelayingQueue with these options if absent. */
  queue?: DelayingWorkQueue<T>;
}

/**
 * client-go's RateLimitingInterface: a delaying queue whose retries wait as
 * long as the rate limiter says. The controller's loop (stage 4): get →
 * reconcile → success: forget + done; failure: addRateLimited + done.
 * It wraps a delaying queue; WrappedQueue passes the rest on.
 */
export class RateLimitingQueue<T> extends WrappedQueue<T, DelayingWorkQueue<T>> implements RateLimitingWorkQueue<T> {
  readonly rateLimiter: RateLimiter<T>;

  constructor(rateLimiter?: RateLimiter<T>, options: RateLimitingQueueOptions<T> = {}) {
    super(options.queue ?? new DelayingQueue<T>(options));
    this.rateLimiter = rateLimiter ?? defaultControllerRateLimiter<T>(options.clock ?? realClock);
  }

  /** TODO 3.10 — add the item after the limiter's delay for it (addAfter counts the retry: TODO 3.11). */
  addRateLimited(item: T): void {
    return todo(`3.10 RateLimitingQueue.addRateLimited(${String(item)}): addAfter(item, limiter.when(item))`);
  }

  /** TODO 3.10 — the item succeeded: its backoff starts over next time. */
  forget(item: T): void {
    return todo(`3.10 RateLimitingQueue.forget(${String(item)})`);
  }

  /** TODO 3.10 — how often the limiter has seen it fail. */
  numRequeues(item: T): number {
    return todo(`3.10 RateLimitingQueue.numRequeues(${String(item)})`);
  }

  addAfter(item: T, ms: number): void {
    this.queue.addAfter(item, ms);
  }
}
