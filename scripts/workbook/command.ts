/**
 * What every command in scripts/commands/ shares, so they all behave alike:
 * flags from a list (00-common's parser), --help generated from that list
 * (exit 0, nothing started), one usage-error class, and the same exit codes —
 * 0 done, 1 it ran and something failed, 2 bad input: one sentence and the
 * next step, nothing changed, no stack trace.
 *
 *   const command = defineCommand({ name: 'hint', usage: ['npm run hint -- <TODO id>   the next hint'], flags, positionals: true });
 *   const { values, positionals } = command.parse();     // before any heavy import: a typo costs nothing
 *   await command.run(async () => { const { x } = await import('../heavy.js'); … });
 */
import { InvalidConfigError } from '../../solutions/00-common/config-error.js';
import { flagsHelp, helpFlag, parseFlags, type Flags, type ParsedFlags } from '../../solutions/00-common/flags.js';

export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;

/** Bad input to a command: its message is one sentence a person can act on. The command exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CommandSpec<F extends Flags> {
  /** As typed after `npm run` for its --help: 'lab', 'cluster:up'. */
  name: string;
  /** One line a way to call it, each `npm run …` then what it does. */
  usage: readonly string[];
  /** Paragraphs between the usage and the options (what an argument means). */
  about?: string;
  flags: F;
  /** Arguments that are no flag are allowed (a stage number, a folder). */
  positionals?: boolean;
  /** Flags this command does not know are kept for someone else (the controller's main.ts), not refused. */
  passOn?: boolean;
  /** Lines after the options. */
  footer?: string;
  /** Errors of these classes are bad input too (exit 2): an image input error, a deploy input error. */
  inputErrors?: ReadonlyArray<abstract new (...args: never[]) => Error>;
}

export interface Command<F extends Flags> {
  readonly help: string;
  /** Reads argv by the flag list; --help prints the help and exits 0, a mistake is refused (exit 2). */
  parse(argv?: readonly string[]): ParsedFlags<F>;
  /** Bad input: the sentence, the next step, exit 2. */
  refuse(message: string): never;
  /** Runs the command's body and exits with its code (0 when it returns none); bad input it throws is refused. */
  run(body: () => Promise<number | void> | number | void): Promise<never>;
  /** As run, but a body that returns hands the process on instead of ending it (a controller's main keeps it). */
  guard<T>(body: () => Promise<T> | T): Promise<T>;
}

export function defineCommand<F extends Flags>(spec: CommandSpec<F>): Command<F> {
  const help = helpText(spec);
  const refuse = (message: string): never => {
    process.stderr.write(`${message.trim()}\nnpm run ${spec.name} -- --help lists what it takes.\n`);
    process.exit(exitCodes.usage);
  };
  const isInputError = (error: unknown) => error instanceof UsageError || error instanceof InvalidConfigError || (spec.inputErrors ?? []).some((kind) => error instanceof kind);
  return {
    help,
    refuse,
    parse(argv = process.argv.slice(2)) {
      // Before any other reading: `--help` beside a mistake still gets the help, and starts nothing.
      const untilTerminator = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
      if (untilTerminator.some((arg) => arg === '--help' || arg === '-h')) {
        process.stdout.write(`${help}\n`);
        process.exit(exitCodes.ok);
      }
      try {
        return parseFlags(spec.flags, argv, {
          positionals: spec.positionals ?? false,
          unknown: spec.passOn ? 'keep' : 'error',
          unknownMessage: (arg) => (arg.startsWith('-') ? `Unknown option ${arg}.` : `Unexpected argument ${arg}.`),
        });
      } catch (error) {
        if (isInputError(error)) refuse((error as Error).message);
        throw error;
      }
    },
    async guard(body) {
      try {
        return await body();
      } catch (error) {
        if (isInputError(error)) refuse((error as Error).message);
        // Not the learner's mistake: one line; the trace for whoever debugs the workbook.
        process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n`);
        if (process.env.BARE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
        process.exit(exitCodes.failed);
      }
    },
    async run(body) {
      const code = await this.guard(body);
      process.exit(code ?? exitCodes.ok);
    },
  };
}

/** The --help of a command: its usage lines, what it takes, its options from the flag list. */
export function helpText(spec: Pick<CommandSpec<Flags>, 'usage' | 'about' | 'flags' | 'footer'>): string {
  const [first, ...more] = spec.usage;
  const parts = [[`Usage: ${first}`, ...more.map((line) => `       ${line}`)].join('\n')];
  if (spec.about) parts.push(spec.about);
  parts.push(`Options:\n${flagsHelp({ ...spec.flags, ...helpFlag })}`);
  if (spec.footer) parts.push(spec.footer);
  return parts.join('\n\n');
}
