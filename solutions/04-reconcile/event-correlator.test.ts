import { describe, expect, it } from 'vitest';
import type { Clock } from '../00-common/clock.js';
import { aggregatePrefix, EventCorrelator } from './event-correlator.js';

/** A clock that moves only when told to. */
function handClock() {
  let now = 0;
  const clock: Clock = { now: () => now, wallTime: () => new Date(Date.UTC(2026, 0, 1) + now), setTimer: () => ({ cancel() {} }) };
  return { clock, move: (ms: number) => (now += ms) };
}

const conflictIn = (i: number) => `ns-a/app also mirrors "app" into team-${i} and wins`;

describe("EventCorrelator: client-go's dedup, aggregation and spam filter", () => {
  it('skips the same occurrence within the window, and counts it again after', () => {
    const { clock, move } = handClock();
    const correlator = new EventCorrelator({}, clock);
    const first = correlator.observe('uid-1', 'Warning', 'MirrorConflict', conflictIn(0));
    expect(first?.count).toBe(1);
    move(9 * 60_000);
    expect(correlator.observe('uid-1', 'Warning', 'MirrorConflict', conflictIn(0)), 'a repeat within 10 min').toBeUndefined();
    move(2 * 60_000);
    expect(correlator.observe('uid-1', 'Warning', 'MirrorConflict', conflictIn(0)), 'the same Event, counted again after 10 min').toMatchObject({ key: first!.key, count: 2 });
  });

  it('folds the 10th distinct message of one object, type and reason, and every later one, into one aggregate Event', () => {
    const correlator = new EventCorrelator({}, handClock().clock);
    const events = Array.from({ length: 1_000 }, (_, i) => correlator.observe('uid-1', 'Warning', 'MirrorConflict', conflictIn(i))!);
    const distinct = new Set(events.map((e) => e.key));
    expect(distinct.size, 'Event objects for 1,000 conflicts: 9 single ones and one aggregate').toBe(10);
    const aggregate = events.at(-1)!;
    expect(aggregate).toMatchObject({ count: 991, message: `${aggregatePrefix}${conflictIn(999)}` });
    expect(events[8]!.message, 'the 9th is still an Event of its own').toBe(conflictIn(8));
    expect(correlator.observe('uid-1', 'Warning', 'OtherReason', 'x')?.count, 'another reason is counted apart').toBe(1);
    expect(correlator.observe('uid-2', 'Warning', 'MirrorConflict', conflictIn(0))?.message, 'another object is counted apart').toBe(conflictIn(0));
  });

  it('lets an object write 25 times at once, then once every 5 minutes; other objects are not affected', () => {
    const { clock, move } = handClock();
    const correlator = new EventCorrelator({}, clock);
    const allowed = Array.from({ length: 100 }, () => correlator.allowWrite('uid-1')).filter(Boolean).length;
    expect(allowed, 'writes allowed out of 100 at once').toBe(25);
    expect(correlator.allowWrite('uid-2'), 'another object').toBe(true);
    move(299_000);
    expect(correlator.allowWrite('uid-1'), 'after 4 min 59 s').toBe(false);
    move(1_000);
    expect(correlator.allowWrite('uid-1'), 'after 5 min').toBe(true);
    expect(correlator.allowWrite('uid-1'), 'and only one').toBe(false);
  });
});
