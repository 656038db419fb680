/**
 * The checkpoints most of the class fails: where the next lecture is best
 * spent. Counted only over learners whose stage actually ran — an untouched
 * stage says nothing about how hard a checkpoint is.
 */
import type { LearnerGrade } from '../model.js';

export interface Hard {
  stage: string;
  title: string;
  failed: number;
  attempted: number;
  /** The first line most failures share ("Not written yet: 1.5 …", "Expected: …"), and how many share it. */
  commonest?: { line: string; count: number };
}

export function hardestCheckpoints(learners: LearnerGrade[]): Hard[] {
  const tally = new Map<string, Hard & { lines: Map<string, number> }>();
  for (const learner of learners) {
    for (const stage of learner.stages) {
      if (stage.status !== 'ran' && stage.status !== 'stopped') continue;
      for (const checkpoint of stage.checkpoints) {
        // Only checkpoints that reported: one a stopped run never reached says nothing about it.
        if ((checkpoint.state !== 'passed' && checkpoint.state !== 'failed') || checkpoint.durationMs === undefined) continue;
        const key = `${checkpoint.file}::${checkpoint.title}`;
        const entry = tally.get(key) ?? { stage: stage.dir, title: checkpoint.title, failed: 0, attempted: 0, lines: new Map() };
        entry.attempted++;
        if (checkpoint.state === 'failed') {
          entry.failed++;
          const line = (checkpoint.message ?? '').split('\n')[0]!.slice(0, 200);
          entry.lines.set(line, (entry.lines.get(line) ?? 0) + 1);
        }
        tally.set(key, entry);
      }
    }
  }
  return [...tally.values()]
    .filter((h) => h.failed > 0)
    .sort((a, b) => b.failed / b.attempted - a.failed / a.attempted || b.failed - a.failed)
    .map(({ lines, ...hard }) => {
      const [line, count] = [...lines].sort((a, b) => b[1] - a[1])[0] ?? [];
      return line === undefined ? hard : { ...hard, commonest: { line, count: count! } };
    });
}
