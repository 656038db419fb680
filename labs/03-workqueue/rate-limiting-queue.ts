import { todo } from '../todo.js';
import { DelayingQueue } from './delaying-queue.js';
import type { QueueOptions } from './queue.js';
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiters.js';

/**
 * client-go's RateLimitingInterface. The controller loop will be:
 * get → reconcile → success: forget + done; failure: addRateLimited + done.
 */
export class RateLimitingQueue<T> extends DelayingQueue<T> {
  readonly rateLimiter: RateLimiter<T>;

  constructor(rateLimiter?: RateLimiter<T>, options: QueueOptions = {}) {
    super(options);
    this.rateLimiter = rateLimiter ?? defaultControllerRateLimiter<T>(this.clock);
  }

  /** TODO 3.10 — add after the limiter's delay for this item; count a retry (this.metrics.retried()). */
  addRateLimited(item: T): void {
    todo(`3.10 RateLimitingQueue.addRateLimited(${String(item)}): addAfter(item, limiter.when(item))`);
  }

  /** TODO 3.10 */
  forget(item: T): void {
    todo(`3.10 RateLimitingQueue.forget(${String(item)})`);
  }

  /** TODO 3.10 */
  numRequeues(item: T): number {
    return todo(`3.10 RateLimitingQueue.numRequeues(${String(item)})`);
  }
}
