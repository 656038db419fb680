/** The command line of `npm run grade`, read into options; every mistake is a sentence and exit 2. */
import type { Flags } from '../../solutions/00-common/flags.js';
import { stages, type Stage } from '../course/course.js';
import { defineCommand, UsageError } from '../workbook/command.js';

const gradeFlags = {
  stages: { type: 'string', value: '<list>', help: 'which stages to grade: 1-8, 1,3,5 or 4 (default: every stage)' },
  jobs: { type: 'integer', help: 'checkpoint runs at the same time (default 2); stages 4-8 still run\none learner at a time (their controllers watch the whole cluster)' },
  timeout: { type: 'integer', value: '<seconds>', help: "time limit of one learner's stage run (default 600; stage 8: 1200)" },
  stall: { type: 'integer', value: '<seconds>', help: 'stop a run when no checkpoint finishes for this long: an endless\nloop or a hang (default 90; stage 8, which builds images: 600)' },
  memory: { type: 'integer', value: '<MiB>', help: "memory cap of one learner's stage run, all its processes (default 2048)" },
  name: { type: 'string', value: '<learner>', help: "the learner's name, when <folder> is one copy (default: the folder's name)" },
  out: { type: 'string', value: '<folder>', help: 'where the reports go (default: reports/<run>)' },
} as const satisfies Flags;

export const gradeCommand = defineCommand({
  name: 'grade',
  usage: ['npm run grade -- <folder> [options]'],
  about: `  <folder>             one learner's copy (a copy of labs/, or a whole clone of the workbook),
                       or a class: a folder whose subfolders are such copies, one per learner`,
  flags: gradeFlags,
  positionals: true,
  footer: `Writes reports/<run>/: grades.csv, report.html, and per learner results.json,
junit.xml and the log of each stage run. Needs the cluster lock when run
beside other cluster users: flock /tmp/bare-cluster.lock npm run grade -- …`,
});

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

/** --help exits 0 and an unknown flag exits 2 inside; the other mistakes throw a UsageError. */
export function parseGradeArgs(argv: string[]): GradeArgs {
  const { values, positionals } = gradeCommand.parse(argv);
  for (const flag of ['jobs', 'timeout', 'stall', 'memory'] as const) {
    const n = values[flag];
    if (n !== undefined && n < 1) throw new UsageError(`--${flag} ${n}: give a whole number above 0.`);
  }
  const [folder, second] = positionals;
  if (second !== undefined) throw new UsageError(`One folder only: ${folder}, then ${second}.`);
  if (!folder) throw new UsageError('Name the folder to grade.');
  return {
    folder,
    stages: values.stages !== undefined ? parseStageList(values.stages) : stages.filter((s) => s.available),
    jobs: values.jobs ?? 2,
    memoryMb: values.memory ?? 2048,
    ...(values.timeout ? { timeoutSeconds: values.timeout } : {}),
    ...(values.stall ? { stallSeconds: values.stall } : {}),
    ...(values.name ? { name: values.name } : {}),
    ...(values.out ? { out: values.out } : {}),
  };
}
