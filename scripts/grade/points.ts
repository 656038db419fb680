import type { Stage } from '../course/course.js';
/**
 * Points per stage: one per checkpoint, unless the course description
 * (scripts/course/course.ts) gives the stage `points`; then a stage is worth that
 * many, shared evenly over its checkpoints.
 */

/** Read without assuming the field exists yet: the course description grows on its own schedule. */
const declared = (stage: Stage): number | undefined => {
  const points = (stage as Stage & { points?: unknown }).points;
  return typeof points === 'number' && points >= 0 ? points : undefined;
};

export function maxPoints(stage: Stage, checkpoints: number): number {
  return declared(stage) ?? checkpoints;
}

export function stagePoints(stage: Stage, passed: number, checkpoints: number): number {
  const worth = declared(stage);
  if (worth === undefined) return passed;
  return checkpoints === 0 ? 0 : Math.round((worth * passed * 100) / checkpoints) / 100;
}
