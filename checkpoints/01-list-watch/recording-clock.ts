import { FakeClock } from '../harness/fake-clock.js';
import type { TimerHandle } from '@stage/01-list-watch/index.js';

/**
 * A clock the checkpoint moves by hand that writes down every wait the
 * reflector asks for: backoff is checked from the exact delays, with no
 * sleeping and no stopwatch.
 */
export class RecordingClock extends FakeClock {
  /** Every setTimer(ms) asked for, in order. */
  readonly delays: number[] = [];

  override setTimer(ms: number, fn: () => void): TimerHandle {
    this.delays.push(ms);
    return super.setTimer(ms, fn);
  }
}
