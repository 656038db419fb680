import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../00-common/config-error.js';
import { parseFlags } from '../00-common/flags.js';
import { mirrorFlags } from '../04-reconcile/index.js';
import { leaseFlags, leaseFrom, leaseTimingFlags, leaseTimingsFrom } from './flags.js';

const flags = { ...mirrorFlags, ...leaseFlags, ...leaseTimingFlags };
const parse = (argv: string[]) => parseFlags(flags, argv).values;

describe('the lease timing flags (Go durations)', () => {
  it('reads --lease-duration, --renew-deadline and --retry-period, in either spelling, beside the controller flags', () => {
    const values = parse(['--prefix', 'team-', '--lease-duration', '15s', '--renew-deadline=10s', '--retry-period', '1500ms', '--workers', '2']);
    expect(leaseTimingsFrom(values)).toEqual({ leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 1_500 });
    expect(values).toMatchObject({ prefix: 'team-', workers: 2 });
  });

  it('leaves out what is not given (the defaults apply)', () => {
    expect(leaseTimingsFrom(parse(['--prefix', 'team-']))).toEqual({});
  });

  it.each(Object.keys(leaseTimingFlags).map((name) => `--${name}`))('refuses a bare number for %s, naming the flag and a unit', (flag) => {
    expect(() => parse([flag, '15'])).toThrow(InvalidConfigError);
    expect(() => parse([flag, '15'])).toThrow(`${flag} 15: give a unit, e.g. 15s`);
  });

  it('refuses a flag without a value', () => {
    expect(() => parse(['--retry-period'])).toThrow('--retry-period needs a value');
  });
});

describe('the lease flags', () => {
  const defaults = { namespace: 'pods-ns', name: 'mirror-controller', identity: 'host_1234' };

  it('name the Lease and the candidate; what they leave out is the default', () => {
    expect(leaseFrom(parse(['--lease-namespace', 'ops', '--identity=me']), defaults)).toEqual({ namespace: 'ops', name: 'mirror-controller', identity: 'me' });
    expect(leaseFrom(parse([]), defaults)).toEqual(defaults);
  });

  it('refuses an empty identity', () => {
    expect(() => parse(['--identity='])).toThrow('--identity needs a value');
  });
});
