/**
 * Time, injected — client-go's Reflector takes a clock.Clock for the same
 * reason: a test can move time by hand and read every backoff wait exactly,
 * instead of sleeping through them. Given: use `this.clock.setTimer` for the
 * reflector's backoff wait, never setTimeout directly.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds, monotonic enough for delays. */
  now(): number;
  /** Calls `fn` once after `ms`. Real timers are unref'd: a pending wait never keeps a process alive. */
  setTimer(ms: number, fn: () => void): TimerHandle;
}

/** The clock of the real world: performance.now() and setTimeout. */
export const realClock: Clock = {
  now: () => performance.now(),
  setTimer(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};
