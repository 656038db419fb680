/**
 * The last lines of a lab run: what to do now. When the stage passes, the
 * next step comes from the one place that decides it (npm start says the
 * same); when a stage that passed before fails now, it says so — a change
 * broke something that worked, which "do the next TODO" would hide.
 */
import type { RunResults } from '../report/results.js';
import { nextStepLines, passed } from '../next-step.js';
import type { Stage } from '../stages.js';

export interface FooterInput {
  stage: Stage;
  ok: boolean;
  /** The learner's run of this stage before this one (labs/ only). */
  before: (RunResults & { at: Date }) | undefined;
  /** --only: just some checkpoints ran. */
  only: boolean;
}

export function footer({ stage, ok, before, only }: FooterInput): string[] {
  const again = `npm run lab:${stage.number}`;
  if (only) return ok ? [`The chosen checkpoints pass. The whole stage: ${again}`] : [`Fix the first failure above, then run the same command again; the whole stage: ${again}`];
  if (ok) return [`Stage ${stage.number} done.`, ...nextStepLines()];
  if (passed(before)) {
    const when = before!.at.toISOString().slice(0, 16).replace('T', ' ');
    return [`Stage ${stage.number} passed on ${when} and fails now: a change since then broke something that worked.`, `The first failure above says where; git diff labs/${stage.dir} shows what changed. Then: ${again}`];
  }
  return [`Read labs/${stage.dir}/README.md, do the TODO the first failure names, and run ${again} again.`];
}
