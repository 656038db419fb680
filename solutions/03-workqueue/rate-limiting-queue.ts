import { DelayingQueue } from './delaying-queue.js';
import type { QueueOptions } from './queue.js';
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiters.js';

/**
 * client-go's RateLimitingInterface: a delaying queue whose retries wait as
 * long as the rate limiter says. The controller's loop: get → reconcile →
 * success: forget + done; failure: addRateLimited + done.
 */
export class RateLimitingQueue<T> extends DelayingQueue<T> {
  readonly rateLimiter: RateLimiter<T>;

  constructor(rateLimiter?: RateLimiter<T>, options: QueueOptions = {}) {
    super(options);
    this.rateLimiter = rateLimiter ?? defaultControllerRateLimiter<T>(this.clock);
  }

  /** Adds the item after the limiter's delay for it; counts a retry. */
  addRateLimited(item: T): void {
    this.metrics.retried();
    this.addAfter(item, this.rateLimiter.when(item));
  }

  /** The item succeeded: its backoff starts over next time. */
  forget(item: T): void {
    this.rateLimiter.forget(item);
  }

  numRequeues(item: T): number {
    return this.rateLimiter.numRequeues(item);
  }
}
