/** The command line of `npm run lab:N` / `npm run solution -- N`, read into options; mistakes are a sentence and exit 2. */
import type { Flags } from '../../solutions/00-common/flags.js';
import { stages } from '../course/course.js';
import { defineCommand, UsageError } from '../workbook/command.js';

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
} as const satisfies Flags;

export const labCommand = defineCommand({
  name: 'lab',
  usage: [
    "npm run lab:N [-- options]          stage N's checkpoints against your labs/",
    'npm run solution -- N [options]      the same against the reference solution',
    'npm run lab -- N --target <folder>   any folder laid out like labs/',
  ],
  about: `  N = ${stages.map((s) => s.number).join(', ')}`,
  flags: labFlags,
  positionals: true,
  footer: 'npm start shows where you are; npm run doctor checks this machine.',
});

export interface LabArgs {
  stage: number;
  target: string;
  only?: string;
  all: boolean;
  watch: boolean;
}

/** --help exits 0 and a mistake exits 2 (with its sentence) before this returns. */
export function parseLabArgs(argv: readonly string[]): LabArgs {
  const { values, positionals } = labCommand.parse(argv);
  try {
    return labArgs(values, positionals, argv);
  } catch (error) {
    if (error instanceof UsageError) labCommand.refuse(error.message);
    throw error;
  }
}

/** The options from what the parser read; `argv` as typed, to see words that were meant for --only. */
export function labArgs(values: ReturnType<typeof labCommand.parse>['values'], positionals: string[], argv: readonly string[] = []): LabArgs {
  const unknown = positionals.find((arg) => !/^\d+$/.test(arg));
  if (unknown !== undefined) {
    const words = values.only !== undefined ? wordsAfterOnly(argv) : [];
    if (words.includes(unknown)) throw new UsageError(`--only takes one argument: put several words in quotes, as in --only "${[values.only, ...words].join(' ')}".`);
    throw new UsageError(`Unexpected argument ${unknown}: name a stage by its number.`);
  }
  const numbers = positionals.map(Number);
  if (numbers.length !== 1) throw new UsageError(numbers.length === 0 ? 'Name one stage.' : `Name one stage, not ${numbers.join(' and ')}.`);
  return { stage: numbers[0]!, target: values.target ?? 'labs', all: values.all ?? false, watch: values.watch ?? false, ...(values.only !== undefined ? { only: values.only } : {}) };
}

/**
 * The words typed after --only's value up to the next flag (`--only relist on 410` left "on" and
 * "410" loose): they were meant as part of it. A stage number standing alone at the end is the stage.
 */
function wordsAfterOnly(argv: readonly string[]): string[] {
  const at = argv.findIndex((arg) => arg === '--only' || arg.startsWith('--only='));
  if (at === -1) return [];
  const after = argv.slice(at + (argv[at]!.includes('=') ? 1 : 2));
  const end = after.findIndex((arg) => arg.startsWith('-'));
  const words = end === -1 ? after : after.slice(0, end);
  const stageElsewhere = argv.slice(0, at).some((arg) => /^\d+$/.test(arg)) || (end !== -1 && after.slice(end).some((arg) => /^\d+$/.test(arg)));
  return !stageElsewhere && /^\d+$/.test(words.at(-1) ?? '') ? words.slice(0, -1) : words;
}
