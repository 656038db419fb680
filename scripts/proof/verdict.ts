import type { CheckpointResult } from '../report/results.js';
import type { LookRecord } from './looks.js';

/** What one TODO's mutant did to its stage's checkpoints. */
export interface TodoProof {
  id: string;
  /** Checkpoints that name the TODO (look: todo(id)). */
  named: number;
  namedFailed: number;
  /** Titles of named checkpoints that PASSED with the TODO undone: they do not check it. */
  namedPassed: string[];
  /** Named checkpoints that did not run: skipped by this cluster, or left out of the per-TODO loop. */
  namedNotRun: number;
  /** The stage's other checkpoints, when they ran (`npm test -- --per-todo`). */
  others: { passed: number; failed: number; skipped: number } | undefined;
  seconds: number;
  verdict: 'proven' | 'NOT PROVEN' | 'no checkpoint names it' | 'not run here';
}

const key = (r: { file: string; title: string }) => `${r.file}::${r.title}`;

/**
 * Judges one TODO: every checkpoint that names it must fail when only it is
 * undone. One that passes is a defect (it cannot catch the missing code);
 * others failing too is reported, not judged — a TODO everything depends on
 * (a constructor, a run loop) takes the whole stage down with it.
 */
export function judge(id: string, looks: LookRecord[], results: CheckpointResult[], seconds: number, othersRan: boolean): TodoProof {
  const namedKeys = new Set(looks.filter((l) => l.todos.includes(id)).map(key));
  const named = results.filter((r) => namedKeys.has(key(r)));
  const rest = results.filter((r) => !namedKeys.has(key(r)));
  const namedFailed = named.filter((r) => r.state === 'failed').length;
  const namedPassed = named.filter((r) => r.state === 'passed').map((r) => r.title);
  const namedNotRun = namedKeys.size - namedFailed - namedPassed.length;
  const tally = (state: CheckpointResult['state']) => rest.filter((r) => r.state === state).length;
  const verdict: TodoProof['verdict'] =
    namedKeys.size === 0 ? 'no checkpoint names it' : namedPassed.length > 0 ? 'NOT PROVEN' : namedFailed === 0 ? 'not run here' : 'proven';
  return {
    id,
    named: namedKeys.size,
    namedFailed,
    namedPassed,
    namedNotRun,
    others: othersRan ? { passed: tally('passed'), failed: tally('failed'), skipped: tally('skipped') } : undefined,
    seconds,
    verdict,
  };
}
