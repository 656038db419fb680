import { describe, expect, it } from 'vitest';
import { indexFile, indexStage } from './checkpoint-index.js';
import { namePattern, selectCheckpoints } from './only.js';
import { stages } from '../course/course.js';

const sample = `
checkpoint('lists (every one)', { expect: 'three ConfigMaps', look: todo('1.1') }, async () => {});
checkpoint(\`watches\`, { expect: 'ADDED then BOOKMARK', look: todo('1.2', 'errors') }, async () => {});
checkpoint('relists on 410', { expect: 'one more LIST', look: \`labs/x.ts — TODO 1.6\` }, async () => {});
`;

describe('--only', () => {
  const index = indexFile('x.test.ts', sample);

  it('reads title, expectation and TODO ids of each checkpoint from the source', () => {
    expect(index.map((c) => [c.title, c.todos])).toEqual([
      ['lists (every one)', ['1.1']],
      ['watches', ['1.2']],
      ['relists on 410', ['1.6']],
    ]);
  });

  it('picks by TODO id, or by words in title or expectation, case aside', () => {
    expect(selectCheckpoints(index, '1.6').map((c) => c.title)).toEqual(['relists on 410']);
    expect(selectCheckpoints(index, 'bookmark').map((c) => c.title)).toEqual(['watches']);
    expect(selectCheckpoints(index, 'MORE list').map((c) => c.title)).toEqual(['relists on 410']);
    expect(selectCheckpoints(index, 'nothing like this')).toEqual([]);
  });

  it('builds a vitest name pattern that matches exactly the chosen titles', () => {
    const pattern = new RegExp(namePattern(selectCheckpoints(index, '1.1')));
    expect(pattern.test('1 · ListerWatcher > lists (every one)')).toBe(true);
    expect(pattern.test('1 · ListerWatcher > watches')).toBe(false);
  });

  it('finds every checkpoint of every stage, each naming at least one TODO', () => {
    for (const stage of stages.filter((s) => s.available)) {
      const checkpoints = indexStage(stage.dir);
      expect(checkpoints.length, stage.dir).toBeGreaterThan(0);
      for (const c of checkpoints) expect(c.todos.length, `${stage.dir} · ${c.title}`).toBeGreaterThan(0);
    }
  });
});
