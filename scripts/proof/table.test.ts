import { describe, expect, it } from 'vitest';
import { proofTable } from './table.js';
import type { TodoProof } from './verdict.js';

const row = (id: string, verdict: TodoProof['verdict'], others?: TodoProof['others']): TodoProof => ({ id, named: 2, namedFailed: verdict === 'proven' ? 2 : 1, namedPassed: verdict === 'NOT PROVEN' ? ['a checkpoint'] : [], namedNotRun: 0, others, seconds: 1.5, verdict });

describe('the per-TODO proof table', () => {
  it('one row per TODO, the defects by title, what was left out, and the totals', () => {
    const table = proofTable([row('9.1', 'proven', { passed: 3, failed: 1, skipped: 0 }), row('9.2', 'NOT PROVEN', { passed: 4, failed: 0, skipped: 0 })], { 'checkpoints/09-x/slow.test.ts': 'slow' });
    expect(table).toContain('  9.1   2/2           3              1              1.5s  proven');
    expect(table).toContain('✗ TODO 9.2 undone, yet this checkpoint that names it passes: a checkpoint');
    expect(table).toContain('Left out of the per-TODO loop: checkpoints/09-x/slow.test.ts (slow)');
    expect(table).toContain('2 TODOs: 1 proven, 1 not proven, 0 named by no checkpoint, 0 not run here');
    expect(proofTable([row('9.1', 'proven')], {})).toContain('others: not run — npm test -- --per-todo');
  });
});
