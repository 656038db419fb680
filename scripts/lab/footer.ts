/**
 * The last lines of a lab run: what to do now. When the stage passes, the
 * next step comes from the one place that decides it (npm start says the
 * same). When it fails, what to say depends on the first failure: a TODO not
 * written yet is the next step; anything else is a bug in code already
 * written — and when the stage passed before, or the failure is in an earlier
 * stage's folder, a bug in finished code, which "do the next TODO" would hide.
 */
import { count, type RunResults } from '../report/results.js';
import { nextStepLines, passed } from '../workbook/next-step.js';
import { stages, type Stage } from '../course/course.js';

export interface FooterInput {
  stage: Stage;
  ok: boolean;
  /** The learner's run of this stage before this one (labs/ only). */
  before: (RunResults & { at: Date }) | undefined;
  /** This run's results, when they could be read: the first failure decides the advice. */
  now?: RunResults;
  /** --only: just some checkpoints ran. */
  only: boolean;
  /**
   * The TODOs whose stub is still in the tested folder: a failure that looks at one of them is that
   * TODO still to do, even without todo()'s "Not written yet" (a manifest or Dockerfile TODO has none).
   */
  openTodoIds?: string[];
}

export function footer({ stage, ok, before, now, only, openTodoIds = [] }: FooterInput): string[] {
  const again = `npm run lab:${stage.number}`;
  if (only) return ok ? [`The chosen checkpoints pass. The whole stage: ${again}`] : [`Fix the first failure above, then run the same command again; the whole stage: ${again}`];
  const skipped = now ? count(now.results).skipped : 0;
  if (ok && skipped > 0) {
    return [`Every checkpoint that ran passes; ${skipped} could not run on this machine (the reason is above, once). Stage ${stage.number} counts as passed when they run too.`, ...nextStepLines()];
  }
  if (ok) return [`Stage ${stage.number} done.`, ...nextStepLines()];
  const first = now?.results.find((r) => r.state === 'failed');
  const lookedAtTodo = /^Look at: .*\bTODO (\d+\.\d+)/m.exec(first?.message ?? '')?.[1];
  const notWritten = first
    ? (/^Not written yet: (\d+\.\d+)/.exec(first.message ?? '')?.[1] ?? (lookedAtTodo && openTodoIds.includes(lookedAtTodo) ? lookedAtTodo : undefined))
    : undefined;
  const earlier = first && !notWritten ? earlierStageNamed(first.message ?? '', stage) : undefined;
  if (earlier) {
    return [
      `The first failure is a bug in finished code: it is in labs/${earlier.dir}, stage ${earlier.number}'s code, which this stage builds on.`,
      `Fix it there (npm run lab:${earlier.number} checks it), then: ${again}`,
    ];
  }
  if (passed(before) && !notWritten) {
    const when = before!.at.toISOString().slice(0, 16).replace('T', ' ');
    return [
      `Stage ${stage.number} passed on ${when} and fails now: a bug in finished code — a change since then broke something that worked.`,
      `The first failure above says where; git diff labs/${stage.dir} shows what changed. Then: ${again}`,
    ];
  }
  if (first && !notWritten) {
    return [`The first failure above is a bug in code already written, not a TODO still to do: its "Look at" line says where. Fix it, then run ${again} again.`];
  }
  return [`Read labs/${stage.dir}/README.md, do ${notWritten ? `TODO ${notWritten}` : 'the TODO the first failure names'}, and run ${again} again.`];
}

/** The earlier stage whose folder the message's "Look at" line sends the learner to first, if any. */
function earlierStageNamed(message: string, stage: Stage): Stage | undefined {
  const lookAt = /^Look at: labs\/([^/\s]+)\//m.exec(message)?.[1];
  return stages.find((s) => s.dir === lookAt && s.number < stage.number);
}
