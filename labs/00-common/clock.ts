/**
 * Time, injected — client-go's Reflector, queues and leader election take a
 * clock.Clock for the same reason: a test can move time by hand and read every
 * wait exactly, instead of sleeping through them.
 *
 * Two readings, as in Go: `now()` is monotonic milliseconds for delays and
 * durations (Go's time.Since uses the monotonic reading), and `wallTime()` is
 * the date a person reads (Go's time.Now() printed) — for timestamps written to
 * the cluster, such as an Event's firstTimestamp. Never make a Date of `now()`:
 * on the real clock it counts from the process's start, so it reads 1970.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds, monotonic: for delays and durations only, never a date. */
  now(): number;
  /** The wall-clock date: for timestamps people and other processes read. */
  wallTime(): Date;
  /** Calls `fn` once after `ms`. Real timers are unref'd: a pending wait never keeps a process alive. */
  setTimer(ms: number, fn: () => void): TimerHandle;
}

/** The clock of the real world: performance.now() for durations, Date for dates, setTimeout for waits. */
export const realClock: Clock = {
  now: () => performance.now(),
  wallTime: () => new Date(),
  setTimer(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};
