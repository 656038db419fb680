import { DelayingQueue } from './delaying-queue.js';
import type { QueueOptions } from './queue.js';
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiters.js';

/**
 * client-go's RateLimitingInterface: a delaying queue whose retries wait as
 * long as the rate limiter says. The controller's loop (stage 4): get →
 * reconcile → success: forget + done; failure: addRateLimited + done.
 */
export class RateLimitingQueue<T> extends DelayingQueue<T> {
  readonly rateLimiter: RateLimiter<T>;

  constructor(rateLimiter?: RateLimiter<T>, options: QueueOptions = {}) {
    super(options);
    this.rateLimiter = rateLimiter ?? defaultControllerRateLimiter<T>(this.clock);
  }

  /** TODO 3.10 — add the item after the limiter's delay for it (addAfter counts the retry: TODO 3.11). */
  addRateLimited(item: T): void {
    // lab:todo 3.10 RateLimitingQueue.addRateLimited(${String(item)}): addAfter(item, limiter.when(item))
    this.addAfter(item, this.rateLimiter.when(item));
    // lab:end
  }

  /** TODO 3.10 — the item succeeded: its backoff starts over next time. */
  forget(item: T): void {
    // lab:todo 3.10 RateLimitingQueue.forget(${String(item)})
    this.rateLimiter.forget(item);
    // lab:end
  }

  /** TODO 3.10 — how often the limiter has seen it fail. */
  numRequeues(item: T): number {
    // lab:todo 3.10 RateLimitingQueue.numRequeues(${String(item)})
    return this.rateLimiter.numRequeues(item);
    // lab:end
  }
}
