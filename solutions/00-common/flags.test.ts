import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from './config-error.js';
import { flagsHelp, helpWidth, parseFlags, type Flags } from './flags.js';

const flags = {
  prefix: { type: 'string', value: '<p>', help: 'namespaces that receive mirrors' },
  workers: { type: 'integer', help: 'keys reconciled in parallel' },
  resync: { type: 'duration', help: 'how often every object is looked at again\nin Go syntax' },
  help: { type: 'boolean', short: 'h', help: 'this text' },
} as const satisfies Flags;

describe('parseFlags (node:util parseArgs, with one-sentence errors)', () => {
  it('reads typed values, in both spellings; a duration in milliseconds', () => {
    const { values } = parseFlags(flags, ['--prefix', 'team-', '--workers=4', '--resync', '90s', '-h']);
    expect(values).toEqual({ prefix: 'team-', workers: 4, resync: 90_000, help: true });
    expect(parseFlags(flags, ['--resync=0']).values.resync).toBe(0);
  });

  it('leaves out what is not given', () => {
    expect(parseFlags(flags, []).values).toEqual({});
  });

  it.each([
    [['--bogus'], 'unknown flag --bogus'],
    [['--prefix'], '--prefix needs a value'],
    [['--prefix', '--workers', '2'], '--prefix needs a value'],
    [['--workers', 'two'], '--workers two: give a whole number'],
    [['--resync', '60'], '--resync 60: give a unit, e.g. 60s or 10m'],
    [['--help=yes'], '--help takes no value'],
    [['team-'], 'unexpected argument team-: every value follows its flag'],
  ])('%j: %s', (argv, message) => {
    expect(() => parseFlags(flags, argv)).toThrow(InvalidConfigError);
    expect(() => parseFlags(flags, argv)).toThrow(message);
  });

  it('says an unknown flag in the caller\'s words, and takes positionals when asked', () => {
    expect(() => parseFlags(flags, ['--bogus'], { unknownMessage: (arg) => `Unknown argument: ${arg}` })).toThrow('Unknown argument: --bogus');
    expect(parseFlags(flags, ['3', '--workers', '2', 'x'], { positionals: true }).positionals).toEqual(['3', 'x']);
  });

  it("keeps other flags, with their values and in order, for the next parser", () => {
    const { values, rest } = parseFlags(flags, ['--lease-name', 'm', '--prefix=team-', '--identity', 'a', '--workers', '2'], { unknown: 'keep' });
    expect(values).toEqual({ prefix: 'team-', workers: 2 });
    expect(rest).toEqual(['--lease-name', 'm', '--identity', 'a']);
  });
});

describe('flagsHelp', () => {
  it('is one line a flag (continuations below), descriptions in one column', () => {
    expect(flagsHelp(flags).split('\n')).toEqual([
      '  --prefix <p>   namespaces that receive mirrors',
      '  --workers <n>  keys reconciled in parallel',
      '  --resync <d>   how often every object is looked at again',
      '                 in Go syntax',
      '  -h, --help     this text',
    ]);
  });

  it('lines up several lists at the width that fits them all', () => {
    const more = { 'lease-namespace': { type: 'string', value: '<ns>', help: 'where the Lease lives' } } as const satisfies Flags;
    const width = helpWidth(flags, more);
    expect(flagsHelp(flags, width).indexOf('namespaces')).toBe(flagsHelp(more, width).indexOf('where'));
  });
});
