import type { Clock, TimerHandle } from '@stage/00-common/clock.js';

/**
 * A clock the test moves by hand (client-go's testing clock): timers fire
 * during step(), in deadline order, so delays are checked exactly and no test sleeps.
 * Its wall time starts at the real date it was made and moves with step(), so
 * both readings stay consistent, as client-go's fake clock keeps them.
 */
export class FakeClock implements Clock {
  private current = 0;
  private timers: { at: number; seq: number; fn: () => void; cancelled: boolean }[] = [];
  private seq = 0;

  constructor(private readonly wallStart = Date.now()) {}

  now(): number {
    return this.current;
  }

  wallTime(): Date {
    return new Date(this.wallStart + this.current);
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const timer = { at: this.current + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  }

  /** Moves time forward by `ms`, firing every timer that comes due on the way. */
  step(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      const due = this.timers
        .filter((t) => !t.cancelled && t.at <= end)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.current = Math.max(this.current, due.at);
      due.cancelled = true;
      due.fn();
    }
    this.timers = this.timers.filter((t) => !t.cancelled);
    this.current = end;
  }

  /** Timers still waiting: a stopped queue should leave none. */
  pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }
}
