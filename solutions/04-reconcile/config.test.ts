import { describe, expect, it } from 'vitest';
import { InvalidConfigError, mirrorConfigFrom, mirrorFlagsHelp, parseMirrorFlags, validateConfig } from './config.js';

describe('the controller instance (who owns a mirror)', () => {
  it('defaults to the prefix without its trailing dashes, so different prefixes are different owners', () => {
    expect(validateConfig({ prefix: 'team-' }).instance).toBe('team');
    expect(validateConfig({ prefix: 'ta-' }).instance).not.toBe(validateConfig({ prefix: 'tb-' }).instance);
    expect(validateConfig({ prefix: 'x' }).instance).toBe('x');
  });

  it('is set with --instance, and must be a label value', () => {
    expect(parseMirrorFlags(['--prefix', 'team-', '--instance', 'mirror-main']).instance).toBe('mirror-main');
    for (const instance of ['-bad', 'bad-', 'a b', 'x'.repeat(64), '']) {
      expect(() => validateConfig({ prefix: 'team-', instance }), JSON.stringify(instance)).toThrow(InvalidConfigError);
    }
  });
});

describe('the controller flags', () => {
  it('--resync is a Go duration', () => {
    expect(parseMirrorFlags(['--prefix', 'team-', '--resync', '90s']).resyncPeriodMs).toBe(90_000);
    expect(parseMirrorFlags(['--prefix', 'team-', '--resync=0']).resyncPeriodMs).toBe(0);
    expect(() => parseMirrorFlags(['--prefix', 'team-', '--resync', '60'])).toThrow('--resync 60: give a unit, e.g. 60s or 10m');
  });

  it('--workers is a whole number from 1 to 64', () => {
    expect(parseMirrorFlags(['--prefix', 'team-', '--workers=4']).workers).toBe(4);
    expect(() => parseMirrorFlags(['--prefix', 'team-', '--workers', 'four'])).toThrow('--workers four: give a whole number');
    expect(() => parseMirrorFlags(['--prefix', 'team-', '--workers', '0'])).toThrow('workers must be a whole number from 1 to 64, not 0');
  });

  it('refuses an unknown flag, and a flag without its value, in one sentence', () => {
    expect(() => parseMirrorFlags(['--prefix', 'team-', '--wrokers', '2'])).toThrow('unknown flag --wrokers');
    expect(() => parseMirrorFlags(['--prefix'])).toThrow('--prefix needs a value');
  });

  it('lists every flag in --help', () => {
    for (const flag of ['--prefix <p>', '--instance <name>', '--workers <n>', '--resync <d>']) expect(mirrorFlagsHelp).toContain(flag);
  });
});

describe("the prefix spares the controller's own namespace", () => {
  it('refuses a prefix its own namespace starts with: the parameter confining its writes lives there', () => {
    expect(() => validateConfig({ prefix: 'bare-', ownNamespace: 'bare-controller' })).toThrow('prefix "bare-" matches the controller\'s own namespace bare-controller');
    expect(() => mirrorConfigFrom({ prefix: 'bare-controller' }, 'bare-controller')).toThrow(InvalidConfigError);
    expect(validateConfig({ prefix: 'team-', ownNamespace: 'bare-controller' }).prefix).toBe('team-');
    expect(validateConfig({ prefix: 'bare-', ownNamespace: undefined }).prefix, 'outside a pod there is no own namespace to spare').toBe('bare-');
  });
});
