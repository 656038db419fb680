/**
 * Command-line flags on Node's own parser (`node:util` parseArgs), as Go's
 * `flag` package gives every controller: a list of typed flags, each with its
 * line of --help, read into typed values; a mistake is one sentence.
 *
 *   const flags = { prefix: { type: 'string', value: '<p>', help: 'namespaces that receive mirrors' },
 *                   resync: { type: 'duration', help: 'how often …' } } satisfies Flags;
 *   const { values } = parseFlags(flags, process.argv.slice(2));  // values.resync: milliseconds
 */
import { parseArgs } from 'node:util';
import { InvalidConfigError } from './config-error.js';
import { parseDuration } from './duration.js';

export interface Flag {
  /** `duration` is Go's syntax (`90s`, `10m`), read as milliseconds; `integer` a whole number. */
  type: 'string' | 'boolean' | 'integer' | 'duration';
  /** What it does, for --help; a `\n` continues on the next line, under the first. */
  help: string;
  /** The value's name in --help: `--prefix <p>` (default: <value>, <n>, <d> by type). */
  value?: string;
  /** What the value is, for the error when it is missing: `a folder` → "--target needs a folder" (default: a value). */
  needs?: string;
  /** A one-letter alias: `h` for `-h`. */
  short?: string;
}

/** Flags by name, as typed after `--`. */
export type Flags = Readonly<Record<string, Flag>>;

type ValueOf<F extends Flag> = F['type'] extends 'boolean' ? boolean : F['type'] extends 'string' ? string : number;
/** What was given: one key per flag on the command line, absent when not given. */
export type FlagValues<F extends Flags> = { -readonly [K in keyof F]?: ValueOf<F[K]> };

export interface ParsedFlags<F extends Flags> {
  values: FlagValues<F>;
  /** Arguments that are no flag (only with `positionals: true`; else each is an error). */
  positionals: string[];
  /** With `unknown: 'keep'`: the arguments of other flags, in their order, for the next parser. */
  rest: string[];
}

export interface ParseOptions {
  /** Arguments that are not flags are allowed (a stage number, a folder). */
  positionals?: boolean;
  /** An unknown flag is an error (default), or is kept in `rest` with what follows it. */
  unknown?: 'error' | 'keep';
  /** The sentence for an unknown flag or an unexpected argument (default: `unknown flag --x`). */
  unknownMessage?: (arg: string) => string;
}

const placeholder = { string: '<value>', integer: '<n>', duration: '<d>', boolean: '' } as const;

/** Reads argv by `flags`: `--name value` and `--name=value` both work; the last of a repeated flag wins. */
export function parseFlags<F extends Flags>(flags: F, argv: readonly string[], options: ParseOptions = {}): ParsedFlags<F> {
  const unknown = options.unknownMessage ?? ((arg: string) => `unknown flag ${arg}`);
  const { tokens } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(
      Object.entries(flags).map(([name, flag]) => [name, { type: flag.type === 'boolean' ? 'boolean' : 'string', ...(flag.short ? { short: flag.short } : {}) }]),
    ),
    // Not strict: the messages below are one plain sentence each, not Node's.
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Record<string, string | number | boolean> = {};
  const positionals: string[] = [];
  const consumed = new Set<number>();
  for (const token of tokens) {
    if (token.kind === 'option-terminator') {
      consumed.add(token.index);
      continue;
    }
    if (token.kind === 'positional') {
      if (options.positionals) {
        positionals.push(token.value);
        consumed.add(token.index);
      } else if (options.unknown !== 'keep') {
        throw new InvalidConfigError(options.unknownMessage?.(token.value) ?? `unexpected argument ${token.value}: every value follows its flag`);
      }
      continue;
    }
    const flag = Object.hasOwn(flags, token.name) ? flags[token.name]! : undefined;
    if (!flag) {
      if (options.unknown !== 'keep') throw new InvalidConfigError(unknown(token.rawName));
      continue;
    }
    consumed.add(token.index);
    const name = `--${token.name}`;
    if (flag.type === 'boolean') {
      if (token.inlineValue) throw new InvalidConfigError(`${name} takes no value`);
      values[token.name] = true;
      continue;
    }
    // `--target --all`: the next flag is no value (a value may start with one '-', e.g. a negative duration); nor is `--name=`.
    if (!token.value || (!token.inlineValue && token.value.startsWith('--'))) throw new InvalidConfigError(`${name} needs ${flag.needs ?? 'a value'}`);
    if (!token.inlineValue) consumed.add(token.index + 1);
    values[token.name] = valueOf(name, flag, token.value);
  }
  const rest = argv.filter((_, index) => !consumed.has(index));
  return { values: values as FlagValues<F>, positionals, rest: options.unknown === 'keep' ? rest : [] };
}

function valueOf(name: string, flag: Flag, text: string): string | number {
  if (flag.type === 'duration') return parseDuration(text, name);
  if (flag.type === 'integer') {
    if (!/^[-+]?\d+$/.test(text.trim())) throw new InvalidConfigError(`${name} ${text}: give a whole number`);
    return Number(text);
  }
  return text;
}

/** `-h`/`--help`, the one flag every command has. */
export const helpFlag = { help: { type: 'boolean', short: 'h', help: 'this text' } } as const satisfies Flags;

/** For a main: with --help given, print `usage` and exit 0 (a learner asking for help is no error). */
export function exitOnHelp(values: { help?: boolean }, usage: string): void {
  if (!values.help) return;
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

/**
 * The --help lines of `flags`, one a flag, descriptions in one column:
 * `  --prefix <p>      namespaces …`. `width` sets that column, so several
 * lists (a stage's flags, then the next stage's) line up.
 */
export function flagsHelp(flags: Flags, width = helpWidth(flags)): string {
  return Object.entries(flags)
    .map(([name, flag]) => {
      const left = usageOf(name, flag).padEnd(width);
      return `  ${left}  ${flag.help.split('\n').join(`\n  ${' '.repeat(width)}  `)}`;
    })
    .join('\n');
}

/** The width of the flags column that fits every one of these lists. */
export function helpWidth(...lists: Flags[]): number {
  return Math.max(0, ...lists.flatMap((flags) => Object.entries(flags).map(([name, flag]) => usageOf(name, flag).length)));
}

function usageOf(name: string, flag: Flag): string {
  const value = flag.value ?? placeholder[flag.type];
  return `${flag.short ? `-${flag.short}, ` : ''}--${name}${value ? ` ${value}` : ''}`;
}
