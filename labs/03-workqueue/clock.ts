/**
 * Time, injected. client-go's queues take a clock.Clock so tests can move time
 * by hand instead of sleeping; ours do the same.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds, monotonic enough for delays. */
  now(): number;
  /** Calls `fn` once after `ms`. Real timers are unref'd: a pending delay never keeps a process alive. */
  setTimer(ms: number, fn: () => void): TimerHandle;
}

export const realClock: Clock = {
  now: () => performance.now(),
  setTimer(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};
