import { todo } from '../todo.js';
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
 * TODO 3.7 — per item: base × 2^failures, capped at maxMs. client-go's default
 * is 5 ms up to 1000 s: 5, 10, 20, 40 ms … so a broken object backs off while
 * others flow. Beware 2^2000: it is Infinity.
 */
export class ItemExponentialFailureRateLimiter<T> implements RateLimiter<T> {
  constructor(
    private readonly baseMs = 5,
    private readonly maxMs = 1_000_000,
  ) {}

  when(item: T): number {
    return todo(`3.7 ItemExponentialFailureRateLimiter.when(${String(item)}): base * 2^failures, capped`);
  }

  numRequeues(item: T): number {
    return todo(`3.7 ItemExponentialFailureRateLimiter.numRequeues(${String(item)})`);
  }

  forget(item: T): void {
    return todo(`3.7 ItemExponentialFailureRateLimiter.forget(${String(item)})`);
  }
}

/**
 * TODO 3.8 — a token bucket shared by all items (client-go wraps
 * golang.org/x/time/rate): `burst` tokens, refilled at `qps` per second (by
 * this.clock). Protects the API server when many items fail together. Each
 * when() takes a token; with none left the answer is how long until one is
 * free — and the token is still taken (tokens go negative), so the next caller
 * waits longer, as rate.Limiter.Reserve does.
 */
export class BucketRateLimiter<T> implements RateLimiter<T> {
  constructor(
    private readonly qps = 10,
    private readonly burst = 100,
    private readonly clock: Clock = realClock,
  ) {}

  when(_item: T): number {
    return todo('3.8 BucketRateLimiter.when: take a token, or say how long until one is free');
  }

  numRequeues(_item: T): number {
    return 0;
  }

  forget(_item: T): void {}
}

/** TODO 3.9 — `fastMs` for the first `maxFastAttempts` tries of an item, `slowMs` after. */
export class ItemFastSlowRateLimiter<T> implements RateLimiter<T> {
  constructor(
    private readonly fastMs: number,
    private readonly slowMs: number,
    private readonly maxFastAttempts: number,
  ) {}

  when(item: T): number {
    return todo(`3.9 ItemFastSlowRateLimiter.when(${String(item)})`);
  }

  numRequeues(item: T): number {
    return todo(`3.9 ItemFastSlowRateLimiter.numRequeues(${String(item)})`);
  }

  forget(item: T): void {
    return todo(`3.9 ItemFastSlowRateLimiter.forget(${String(item)})`);
  }
}

/** TODO 3.9 — the longest delay any of its limiters asks for; numRequeues the largest; forget in all. */
export class MaxOfRateLimiter<T> implements RateLimiter<T> {
  private readonly limiters: RateLimiter<T>[];

  constructor(...limiters: RateLimiter<T>[]) {
    this.limiters = limiters;
  }

  when(item: T): number {
    return todo(`3.9 MaxOfRateLimiter.when(${String(item)})`);
  }

  numRequeues(item: T): number {
    return todo(`3.9 MaxOfRateLimiter.numRequeues(${String(item)})`);
  }

  forget(item: T): void {
    return todo(`3.9 MaxOfRateLimiter.forget(${String(item)})`);
  }
}

/**
 * TODO 3.9 — client-go's DefaultControllerRateLimiter: the max of per-item exponential
 * (5 ms → 1000 s) and an overall bucket (10 qps, burst 100) on `clock`.
 */
export function defaultControllerRateLimiter<T>(clock: Clock = realClock): RateLimiter<T> {
  return todo('3.9 defaultControllerRateLimiter: combine the per-item and overall limiters');
}
