import { realClock, type Clock } from './clock.js';

/** client-go's workqueue.RateLimiter: how long an item should wait before its next try. */
export interface RateLimiter<T> {
  /** The delay (ms) for this try; counts it as a failure where the limiter keeps counts. */
  when(item: T): number;
  /** How many times the item has been retried. */
  numRequeues(item: T): number;
  /** The item succeeded: forget its history. */
  forget(item: T): void;
}

/**
 * Per item: base × 2^failures, capped. client-go's default is 5 ms up to
 * 1000 s: 5, 10, 20, 40 ms … so a broken object backs off while others flow.
 */
export class ItemExponentialFailureRateLimiter<T> implements RateLimiter<T> {
  private readonly failures = new Map<T, number>();

  constructor(
    private readonly baseMs = 5,
    private readonly maxMs = 1_000_000,
  ) {}

  when(item: T): number {
    const exp = this.failures.get(item) ?? 0;
    this.failures.set(item, exp + 1);
    const delay = this.baseMs * 2 ** exp;
    return Number.isFinite(delay) && delay < this.maxMs ? delay : this.maxMs;
  }

  numRequeues(item: T): number {
    return this.failures.get(item) ?? 0;
  }

  forget(item: T): void {
    this.failures.delete(item);
  }
}

/**
 * A token bucket shared by all items (client-go wraps golang.org/x/time/rate):
 * `burst` tries at once, then `qps` per second overall. Protects the API
 * server when many items fail together. Tokens may go negative: each call
 * reserves the next free slot, as rate.Limiter.Reserve does.
 */
export class BucketRateLimiter<T> implements RateLimiter<T> {
  private tokens: number;
  private last: number;

  constructor(
    private readonly qps = 10,
    private readonly burst = 100,
    private readonly clock: Clock = realClock,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  when(_item: T): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.qps) / 1000);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.qps) * 1000;
  }

  numRequeues(_item: T): number {
    return 0;
  }

  forget(_item: T): void {}
}

/** A fast delay for the first `maxFastAttempts` tries of an item, a slow one after. */
export class ItemFastSlowRateLimiter<T> implements RateLimiter<T> {
  private readonly attempts = new Map<T, number>();

  constructor(
    private readonly fastMs: number,
    private readonly slowMs: number,
    private readonly maxFastAttempts: number,
  ) {}

  when(item: T): number {
    const attempts = (this.attempts.get(item) ?? 0) + 1;
    this.attempts.set(item, attempts);
    return attempts <= this.maxFastAttempts ? this.fastMs : this.slowMs;
  }

  numRequeues(item: T): number {
    return this.attempts.get(item) ?? 0;
  }

  forget(item: T): void {
    this.attempts.delete(item);
  }
}

/** The longest delay any of its limiters asks for. */
export class MaxOfRateLimiter<T> implements RateLimiter<T> {
  private readonly limiters: RateLimiter<T>[];

  constructor(...limiters: RateLimiter<T>[]) {
    this.limiters = limiters;
  }

  when(item: T): number {
    return Math.max(0, ...this.limiters.map((l) => l.when(item)));
  }

  numRequeues(item: T): number {
    return Math.max(0, ...this.limiters.map((l) => l.numRequeues(item)));
  }

  forget(item: T): void {
    for (const l of this.limiters) l.forget(item);
  }
}

/** client-go's DefaultControllerRateLimiter: per-item 5 ms → 1000 s, and 10 qps / burst 100 overall. */
export function defaultControllerRateLimiter<T>(clock: Clock = realClock): RateLimiter<T> {
  return new MaxOfRateLimiter<T>(new ItemExponentialFailureRateLimiter<T>(5, 1_000_000), new BucketRateLimiter<T>(10, 100, clock));
}
