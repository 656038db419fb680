import { describe, expect, it } from 'vitest';
import { InvalidConfigError, parseArgs, validateConfig } from './config.js';

describe('the controller instance (who owns a mirror)', () => {
  it('defaults to the prefix without its trailing dashes, so different prefixes are different owners', () => {
    expect(validateConfig({ prefix: 'team-' }).instance).toBe('team');
    expect(validateConfig({ prefix: 'ta-' }).instance).not.toBe(validateConfig({ prefix: 'tb-' }).instance);
    expect(validateConfig({ prefix: 'x' }).instance).toBe('x');
  });

  it('is set with --instance, and must be a label value', () => {
    expect(parseArgs(['--prefix', 'team-', '--instance', 'mirror-main']).instance).toBe('mirror-main');
    for (const instance of ['-bad', 'bad-', 'a b', 'x'.repeat(64), '']) {
      expect(() => validateConfig({ prefix: 'team-', instance }), JSON.stringify(instance)).toThrow(InvalidConfigError);
    }
  });
});
