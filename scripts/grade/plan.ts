/**
 * What grading does with each of a learner's stages before anything runs:
 * a missing folder, an untouched skeleton or a folder that imports from
 * outside itself is graded here, in one line, without a checkpoint run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogueEntry } from './catalogue.js';
import type { Containment } from './containment.js';
import type { StageGrade, StageStatus } from './model.js';
import { maxPoints } from './points.js';
import { unchangedFromSkeleton } from './started.js';
import type { Stage } from '../course/course.js';
import { repoRoot, commonDir } from '../workbook/paths.js';

export type StagePlan = { run: true } | { run: false; grade: StageGrade };

export function planStage(stage: Stage, root: string, containment: Containment, catalogue: CatalogueEntry[]): StagePlan {
  const dir = join(root, stage.dir);
  const skip = (status: StageStatus, reason: string, details: string[] = []): StagePlan => ({ run: false, grade: ungraded(stage, catalogue, status, reason, details) });
  if (!existsSync(dir)) return skip('missing', 'folder missing');
  // Later stages build on earlier ones: one line instead of a load error per checkpoint file.
  // 00-common is not the learner's: grading runs every copy with the workbook's own (see workspace.ts).
  const absent = [...(containment.needs.get(stage.dir) ?? [])].filter((other) => other !== commonDir && !existsSync(join(root, other))).sort();
  if (absent.length > 0) return skip('missing', `needs ${absent.map((a) => `${a}/`).join(', ')}, which ${absent.length === 1 ? 'is' : 'are'} missing`);
  if (unchangedFromSkeleton(dir, join(repoRoot, 'labs', stage.dir))) return skip('not-started', 'not started (the folder is the untouched skeleton)');
  const escapes = containment.escapes.get(stage.dir);
  if (escapes) return skip('refused', `imports outside its folder: ${escapes.join('; ')}`, escapes);
  return { run: true };
}

/** A stage that scores 0 without running: every checkpoint not run, with the one reason. */
export function ungraded(stage: Stage, catalogue: CatalogueEntry[], status: StageStatus, reason: string, details: string[] = []): StageGrade {
  return {
    number: stage.number,
    dir: stage.dir,
    title: stage.title,
    status,
    reason,
    details,
    checkpoints: catalogue.map((entry) => ({ file: entry.file, title: entry.title, state: 'not-run', message: reason })),
    points: 0,
    maxPoints: maxPoints(stage, catalogue.length),
    durationMs: 0,
  };
}
