import { describe, expect, it } from 'vitest';
import type { CheckpointResult } from '../report/results.js';
import { judge } from './verdict.js';

const result = (title: string, state: CheckpointResult['state']): CheckpointResult => ({ stage: '09-x', file: 'checkpoints/09-x/a.test.ts', title, state, durationMs: 1 });
const looks = [
  { file: 'checkpoints/09-x/a.test.ts', title: 'names 9.1', todos: ['9.1'] },
  { file: 'checkpoints/09-x/a.test.ts', title: 'names 9.1 and 9.2', todos: ['9.1', '9.2'] },
  { file: 'checkpoints/09-x/a.test.ts', title: 'names 9.2', todos: ['9.2'] },
];

describe('the per-TODO verdict', () => {
  it('proven: every checkpoint that names the TODO fails; what the others did is counted, not judged', () => {
    const row = judge('9.1', looks, [result('names 9.1', 'failed'), result('names 9.1 and 9.2', 'failed'), result('names 9.2', 'failed')], 2, true);
    expect(row).toMatchObject({ verdict: 'proven', named: 2, namedFailed: 2, namedPassed: [], others: { passed: 0, failed: 1, skipped: 0 } });
  });

  it('not proven: a checkpoint that names it passes with the TODO undone — it cannot catch the missing code', () => {
    const row = judge('9.2', looks, [result('names 9.1', 'passed'), result('names 9.1 and 9.2', 'failed'), result('names 9.2', 'passed')], 2, false);
    expect(row).toMatchObject({ verdict: 'NOT PROVEN', namedPassed: ['names 9.2'], others: undefined });
  });

  it('says so when no checkpoint names the TODO, or none that does could run here', () => {
    expect(judge('9.3', looks, [], 0, false).verdict).toBe('no checkpoint names it');
    expect(judge('9.1', looks, [result('names 9.1', 'skipped')], 1, false)).toMatchObject({ verdict: 'not run here', namedNotRun: 2 });
  });
});
