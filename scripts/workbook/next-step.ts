/**
 * What the learner should do next — decided here only, so `npm start` and the
 * footer of a lab run always agree: the first stage, in course order, whose
 * last lab run did not pass (a stage never run counts as not passed).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { progressFile } from './progress.js';
import { count, type RunResults } from '../report/results.js';
import { stages, type Stage } from '../course/course.js';

/** The learner's last lab run of a stage, with when it was saved; undefined when there is none. */
export function lastRun(stage: Stage): (RunResults & { at: Date }) | undefined {
  const file = progressFile(stage);
  if (!existsSync(file)) return undefined;
  try {
    return { ...(JSON.parse(readFileSync(file, 'utf8')) as RunResults), at: statSync(file).mtime };
  } catch {
    return undefined;
  }
}

/** Every checkpoint passed and nothing broke outside them. */
export function passed(run: RunResults | undefined): boolean {
  if (!run || run.results.length === 0) return false;
  return count(run.results).passed === run.results.length && run.errors.length === 0;
}

export function nextStage(): Stage | undefined {
  return stages.find((stage) => stage.available && !passed(lastRun(stage)));
}

/** The lines both commands print. */
export function nextStepLines(next = nextStage()): string[] {
  if (!next) return ['Every available stage passes. Well done.'];
  return [`Next: read labs/${next.dir}/README.md, fill in the TODOs, then run`, `      npm run lab:${next.number}`];
}
