/** The command line of `npm run grade`, read into options; every mistake is a sentence and exit 2. */
import { stages, type Stage } from '../stages.js';

export const gradeUsage = `Usage: npm run grade -- <folder> [options]

  <folder>             one learner's copy (a copy of labs/, or a whole clone of the workbook),
                       or a class: a folder whose subfolders are such copies, one per learner

Options:
  --stages <list>      which stages to grade: 1-8, 1,3,5 or 4 (default: every stage)
  --jobs <n>           checkpoint runs at the same time (default 2); stages 4-8 still run
                       one learner at a time (their controllers watch the whole cluster)
  --timeout <seconds>  time limit of one learner's stage run (default 600; stage 8: 1200)
  --stall <seconds>    stop a run when no checkpoint finishes for this long: an endless
                       loop or a hang (default 90; stage 8, which builds images: 600)
  --memory <MiB>       memory cap of one learner's stage run, all its processes (default 2048)
  --name <learner>     the learner's name, when <folder> is one copy (default: the folder's name)
  --out <folder>       where the reports go (default: reports/<run>)
  -h, --help           this text

Writes reports/<run>/: grades.csv, report.html, and per learner results.json,
junit.xml and the log of each stage run. Needs the cluster lock when run
beside other cluster users: flock /tmp/bare-cluster.lock npm run grade -- …`;

export interface GradeArgs {
  folder: string;
  stages: Stage[];
  jobs: number;
  timeoutSeconds?: number;
  stallSeconds?: number;
  memoryMb: number;
  name?: string;
  out?: string;
}

export class UsageError extends Error {}

export function parseStageList(text: string): Stage[] {
  const numbers = new Set<number>();
  for (const part of text.split(',')) {
    const range = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(part);
    if (!range) throw new UsageError(`--stages ${text}: write stage numbers like 1-8, 1,3,5 or 4.`);
    const from = Number(range[1]);
    const to = Number(range[2] ?? range[1]);
    for (let n = Math.min(from, to); n <= Math.max(from, to); n++) numbers.add(n);
  }
  const chosen = stages.filter((s) => numbers.has(s.number));
  const unknown = [...numbers].filter((n) => !stages.some((s) => s.number === n));
  if (unknown.length > 0) throw new UsageError(`--stages ${text}: there is no stage ${unknown.join(', ')} (stages are ${stages.map((s) => s.number).join(', ')}).`);
  const unwritten = chosen.filter((s) => !s.available);
  if (unwritten.length > 0) throw new UsageError(`--stages ${text}: stage ${unwritten.map((s) => s.number).join(', ')} is not written yet.`);
  return chosen;
}

export function parseGradeArgs(argv: string[]): GradeArgs | 'help' {
  const options: Partial<GradeArgs> = {};
  const value = (flag: string, i: number) => {
    const v = argv[i];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value.`);
    return v;
  };
  const positive = (flag: string, text: string) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} ${text}: give a whole number above 0.`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return 'help';
    else if (arg === '--stages') options.stages = parseStageList(value(arg, ++i));
    else if (arg === '--jobs') options.jobs = positive(arg, value(arg, ++i));
    else if (arg === '--timeout') options.timeoutSeconds = positive(arg, value(arg, ++i));
    else if (arg === '--stall') options.stallSeconds = positive(arg, value(arg, ++i));
    else if (arg === '--memory') options.memoryMb = positive(arg, value(arg, ++i));
    else if (arg === '--name') options.name = value(arg, ++i);
    else if (arg === '--out') options.out = value(arg, ++i);
    else if (arg.startsWith('-')) throw new UsageError(`Unknown option: ${arg}`);
    else if (options.folder) throw new UsageError(`One folder only: ${options.folder}, then ${arg}.`);
    else options.folder = arg;
  }
  if (!options.folder) throw new UsageError('Name the folder to grade.');
  return {
    folder: options.folder,
    stages: options.stages ?? stages.filter((s) => s.available),
    jobs: options.jobs ?? 2,
    memoryMb: options.memoryMb ?? 2048,
    ...(options.timeoutSeconds ? { timeoutSeconds: options.timeoutSeconds } : {}),
    ...(options.stallSeconds ? { stallSeconds: options.stallSeconds } : {}),
    ...(options.name ? { name: options.name } : {}),
    ...(options.out ? { out: options.out } : {}),
  };
}
