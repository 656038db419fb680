import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from './config-error.js';
import { prefixProblem, validatePrefix } from './namespace-prefix.js';

describe('the namespace prefix rule', () => {
  it('takes the start of a namespace name, with room for one more character', () => {
    for (const prefix of ['team-', 'x', '0-a', 'a'.repeat(62)]) expect(prefixProblem(prefix), prefix).toBeUndefined();
  });

  it('says what is wrong with each kind of bad prefix', () => {
    expect(prefixProblem('')).toBe('a namespace prefix is required (e.g. --prefix team-)');
    expect(prefixProblem('a'.repeat(63))).toMatch(/is longer than 62 characters/);
    for (const prefix of ['Team-', '-team', 'team_', 'té-']) expect(prefixProblem(prefix), prefix).toMatch(/cannot start a namespace name/);
  });

  it('takes one more check from the caller, after the common ones', () => {
    const notOwn = (prefix: string) => ('bare-controller'.startsWith(prefix) ? `prefix "${prefix}" matches the controller's own namespace` : undefined);
    expect(prefixProblem('bare-', [notOwn])).toBe(`prefix "bare-" matches the controller's own namespace`);
    expect(prefixProblem('Bare-', [notOwn])).toMatch(/cannot start a namespace name/);
    expect(() => validatePrefix('team-', [notOwn])).not.toThrow();
    expect(() => validatePrefix('bare-', [notOwn])).toThrow(InvalidConfigError);
  });
});
