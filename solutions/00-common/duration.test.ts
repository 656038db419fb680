import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from './config-error.js';
import { parseDuration } from './duration.js';

describe('parseDuration (Go syntax)', () => {
  it.each([
    ['10m', 600_000],
    ['90s', 90_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['0s', 0],
    ['0', 0],
    ['1.5h', 5_400_000],
    ['2m3.5s', 123_500],
    ['-2s', -2000],
    ['1500us', 1.5],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('refuses a bare number, naming the flag and a unit to add', () => {
    expect(() => parseDuration('60', '--resync')).toThrow(InvalidConfigError);
    expect(() => parseDuration('60', '--resync')).toThrow('--resync 60: give a unit, e.g. 60s or 10m');
  });

  it.each(['', 'm', '10x', '10 m', '1h30', 'h1', '10m!', '--1s'])('refuses %j', (text) => {
    expect(() => parseDuration(text, '--resync')).toThrow(InvalidConfigError);
  });
});
