/**
 * The grading steps GitHub Classroom runs, one per stage, from the course
 * description: the same `npm run lab:N` a learner runs, worth the stage's
 * points. Classroom's command grader is all or nothing per step: the stage's
 * points when every checkpoint passes.
 */
import { maxPoints } from '../grade/points.js';
import { stages, type Stage } from '../course/course.js';

export interface ClassroomStep {
  /** A step id: lowercase letters, digits and '-'. */
  id: string;
  name: string;
  command: string;
  /** Minutes. */
  timeout: number;
  points: number;
}

/** The number of checkpoints a stage has: its points when the course description gives none. */
export type CheckpointCounts = ReadonlyMap<string, number>;

export function classroomSteps(counts: CheckpointCounts, chosen: readonly Stage[] = stages.filter((s) => s.available)): ClassroomStep[] {
  return chosen.map((stage) => ({
    id: `stage-${stage.number}`,
    name: `Stage ${stage.number} · ${stage.title}`,
    // The local node needs root; the runner has passwordless sudo.
    command: stage.node ? `sudo -E env "PATH=$PATH" npm run lab:${stage.number}` : `npm run lab:${stage.number}`,
    timeout: stage.node ? 30 : 10,
    points: maxPoints(stage, counts.get(stage.dir) ?? 0),
  }));
}
