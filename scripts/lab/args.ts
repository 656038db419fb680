/** The command line of `npm run lab:N` / `npm run solution -- N`, read into options; mistakes are a sentence and exit 2. */
import { stages } from '../stages.js';

export const labUsage = `Usage: npm run lab:N [-- options]          stage N's checkpoints against your labs/
       npm run solution -- N [options]      the same against the reference solution
       npm run lab -- N --target <folder>   any folder laid out like labs/

  N = ${stages.map((s) => s.number).join(', ')}

Options:
  --only <TODO id or words>  run just the checkpoints that name this TODO (--only 1.6)
                             or whose title or expectation holds every word (--only bookmark)
  --all                      every failure's message in full (default: the first in full,
                             the others one line each)
  --watch                    run again whenever you save (the cluster stays up meanwhile)
  --target <folder>          labs (default), solutions, or a path to a folder laid out like labs/
  -h, --help                 this text

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
  let target = 'labs';
  let only: string | undefined;
  let all = false;
  let watch = false;
  const numbers: number[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '--target') target = argv[++i] ?? fail('--target needs a folder: labs, solutions, or a path.');
    else if (arg === '--only') only = argv[++i] ?? fail('--only needs a TODO id (1.6) or words (bookmark).');
    else if (arg === '--all') all = true;
    else if (arg === '--watch') watch = true;
    else if (/^\d+$/.test(arg)) numbers.push(Number(arg));
    else fail(`Unknown argument: ${arg}`);
  }
  if (numbers.length !== 1) fail(numbers.length === 0 ? 'Name one stage.' : `Name one stage, not ${numbers.join(' and ')}.`);
  return { stage: numbers[0]!, target, all, watch, ...(only !== undefined ? { only } : {}) };
}

function fail(message: string): never {
  throw new LabUsageError(message);
}
