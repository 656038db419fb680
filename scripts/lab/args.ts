/** The command line of `npm run lab:N` / `npm run solution -- N`, read into options; mistakes are a sentence and exit 2. */
import { InvalidConfigError } from '../../solutions/00-common/config-error.js';
import { flagsHelp, helpFlag, parseFlags, type Flags } from '../../solutions/00-common/flags.js';
import { stages } from '../course/course.js';

const labFlags = {
  only: {
    type: 'string',
    value: '<TODO id or words>',
    needs: 'a TODO id (1.6) or words (bookmark).',
    help: 'run just the checkpoints that name this TODO (--only 1.6)\nor whose title or expectation holds every word (--only bookmark)',
  },
  all: { type: 'boolean', help: "every failure's message in full (default: the first in full,\nthe others one line each)" },
  watch: { type: 'boolean', help: 'run again whenever you save (the cluster stays up meanwhile)' },
  target: { type: 'string', value: '<folder>', needs: 'a folder: labs, solutions, or a path.', help: 'labs (default), solutions, or a path to a folder laid out like labs/' },
  ...helpFlag,
} as const satisfies Flags;

export const labUsage = `Usage: npm run lab:N [-- options]          stage N's checkpoints against your labs/
       npm run solution -- N [options]      the same against the reference solution
       npm run lab -- N --target <folder>   any folder laid out like labs/

  N = ${stages.map((s) => s.number).join(', ')}

Options:
${flagsHelp(labFlags)}

npm start shows where you are; npm run doctor checks this machine.`;

export interface LabArgs {
  stage: number;
  target: string;
  only?: string;
  all: boolean;
  watch: boolean;
}

export class LabUsageError extends Error {}

export function parseLabArgs(argv: string[]): LabArgs | 'help' {
  if (argv.includes('-h') || argv.includes('--help')) return 'help';
  let parsed;
  try {
    parsed = parseFlags(labFlags, argv, { positionals: true, unknownMessage: (arg) => `Unknown argument: ${arg}` });
  } catch (error) {
    if (error instanceof InvalidConfigError) fail(error.message);
    throw error;
  }
  const { values, positionals } = parsed;
  const unknown = positionals.find((arg) => !/^\d+$/.test(arg));
  if (unknown !== undefined) fail(`Unknown argument: ${unknown}`);
  const numbers = positionals.map(Number);
  if (numbers.length !== 1) fail(numbers.length === 0 ? 'Name one stage.' : `Name one stage, not ${numbers.join(' and ')}.`);
  return { stage: numbers[0]!, target: values.target ?? 'labs', all: values.all ?? false, watch: values.watch ?? false, ...(values.only !== undefined ? { only: values.only } : {}) };
}

function fail(message: string): never {
  throw new LabUsageError(message);
}
