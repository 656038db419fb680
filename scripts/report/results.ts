import { readFileSync } from 'node:fs';

/** One checkpoint's outcome, as the reporter records it for lab runs, grading and npm test. */
export interface CheckpointResult {
  /** Stage folder, e.g. `01-list-watch`. */
  stage: string;
  file: string;
  title: string;
  /** With the describe blocks around it ("1 · Reflector > …"): unique within a file. */
  fullName?: string;
  state: 'passed' | 'failed' | 'skipped';
  /** For failures: the plain-words part (expected / look at / what happened). */
  message?: string;
  /** For skips: why it did not run. */
  note?: string;
  durationMs: number;
}

export interface RunResults {
  target: string;
  cluster?: string;
  startedAt: string;
  results: CheckpointResult[];
  /** Errors outside any test (a crash in set-up, an unhandled rejection). */
  errors: string[];
  /** False while the run is under way (the file is saved after every checkpoint); absent in files from before. */
  finished?: boolean;
  /** The checkpoint under way when the file was saved: the one a run stopped from outside was stuck in. */
  running?: { file: string; title: string };
}

export function stageOf(file: string): string {
  const match = /checkpoints\/([0-9][^/]*)\//.exec(file);
  return match?.[1] ?? 'other';
}

export function count(results: CheckpointResult[]): { passed: number; failed: number; skipped: number } {
  return {
    passed: results.filter((r) => r.state === 'passed').length,
    failed: results.filter((r) => r.state === 'failed').length,
    skipped: results.filter((r) => r.state === 'skipped').length,
  };
}

/** A results file as the reporter left it; undefined when there is none or it cannot be read. */
export function readRunResults(file: string): RunResults | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunResults;
  } catch {
    return undefined;
  }
}
