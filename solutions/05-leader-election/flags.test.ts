import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../04-reconcile/index.js';
import { takeLeaseTimings } from './flags.js';

describe('the lease timing flags (Go durations)', () => {
  it('takes --lease-duration, --renew-deadline and --retry-period out of argv, in either spelling, and leaves the rest', () => {
    const { timings, rest } = takeLeaseTimings(['--prefix', 'team-', '--lease-duration', '15s', '--renew-deadline=10s', '--retry-period', '1500ms', '--workers', '2']);
    expect(timings).toEqual({ leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 1_500 });
    expect(rest).toEqual(['--prefix', 'team-', '--workers', '2']);
  });

  it('leaves out what is not given (the defaults apply)', () => {
    expect(takeLeaseTimings(['--prefix', 'team-']).timings).toEqual({});
  });

  it.each(['--lease-duration', '--renew-deadline', '--retry-period'])('refuses a bare number for %s, naming the flag and a unit', (flag) => {
    expect(() => takeLeaseTimings([flag, '15'])).toThrow(InvalidConfigError);
    expect(() => takeLeaseTimings([flag, '15'])).toThrow(`${flag} 15: give a unit, e.g. 15s`);
  });

  it('refuses a flag without a value', () => {
    expect(() => takeLeaseTimings(['--retry-period'])).toThrow('--retry-period needs a value');
  });
});
