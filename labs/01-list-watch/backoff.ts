/**
 * client-go's reflector backoff: wait 800 ms after the first failure,
 * doubling up to 30 s, each wait stretched by up to 100% at random (jitter)
 * so a fleet of clients that failed together does not retry together.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** Each wait is `d + random() * jitter * d`. */
  jitter: number;
}

export const reflectorBackoff: BackoffOptions = { initialMs: 800, maxMs: 30_000, factor: 2, jitter: 1 };

export class Backoff {
  private next: number;

  constructor(private readonly options: BackoffOptions = reflectorBackoff) {
    this.next = options.initialMs;
  }

  /** The wait before the next retry; each call doubles the one after. */
  nextDelay(random: () => number = Math.random): number {
    const base = this.next;
    this.next = Math.min(this.next * this.options.factor, this.options.maxMs);
    return base + random() * this.options.jitter * base;
  }

  /** After a success, start again from the initial wait. */
  reset(): void {
    this.next = this.options.initialMs;
  }
}
