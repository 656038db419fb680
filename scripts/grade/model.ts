/** What grading produces: plain data, written to results.json and read by every report. */

/** Why a stage got the points it got. Only `ran` started a checkpoint run. */
export type StageStatus =
  /** The checkpoints ran to the end. */
  | 'ran'
  /** The learner's copy has no folder for the stage. */
  | 'missing'
  /** The folder is the untouched skeleton: 0 points, nothing run. */
  | 'not-started'
  /** Some file the stage loads imports from outside the learner's folder: 0 points, nothing run. */
  | 'refused'
  /** The run was stopped (time limit, memory cap), died, or its results did not add up: 0 points, with the reason. */
  | 'stopped';

export type CheckpointState = 'passed' | 'failed' | 'skipped' | 'not-run';

export interface CheckpointGrade {
  /** The checkpoint file, relative to the workbook, e.g. `checkpoints/01-list-watch/2-reflector.test.ts`. */
  file: string;
  title: string;
  state: CheckpointState;
  /** The checkpoint's explanation (expected / look at / what happened), or why it did not run. */
  message?: string;
  /** Set only when the checkpoint itself reported a result (not for one a stopped run never reached). */
  durationMs?: number;
}

export interface StageGrade {
  number: number;
  dir: string;
  title: string;
  status: StageStatus;
  /** One line saying why, for every status but a clean run. */
  reason?: string;
  /** The lines behind the reason: each import that leaves the folder; errors outside the checkpoints. */
  details: string[];
  checkpoints: CheckpointGrade[];
  points: number;
  maxPoints: number;
  durationMs: number;
}

export interface LearnerGrade {
  name: string;
  /** The folder that was handed in. */
  source: string;
  stages: StageGrade[];
  points: number;
  maxPoints: number;
}

export interface ClassGrades {
  run: string;
  startedAt: string;
  durationMs: number;
  /** Git revision of the workbook that graded. */
  workbook: string;
  cluster: string;
  /** How learner code was fenced in, in one sentence. */
  safety: string;
  learners: LearnerGrade[];
  /** Folders in the class folder that are not a learner's copy. */
  ignored: string[];
  /** Pairs of copies of a stage that share much of their code, most similar first (absent: not checked). */
  similar?: SimilarPair[];
}

/** Where a matching fragment sits in one learner's stage. */
export interface FragmentSide {
  /** The file, relative to the stage folder. */
  file: string;
  from: number;
  to: number;
  lines: string[];
  /** The TODOs whose code the fragment falls in (empty: outside any TODO). */
  todos: string[];
}

export interface SimilarFragment {
  left: FragmentSide;
  right: FragmentSide;
}

/** Two copies of one stage that share much of their code (see similarity.ts): a signal, not a verdict. */
export interface SimilarPair {
  stage: string;
  left: string;
  /** A learner, or `solutions/`. */
  right: string;
  /** Shared fingerprints over all of both, 0-1. */
  similarity: number;
  fragments: SimilarFragment[];
}
