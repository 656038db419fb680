/**
 * The similarity check on a class of 10 (stages 1 and 3): a classmate's copy
 * with its names changed and a copy of solutions/ are flagged, with the
 * matching lines and the TODOs they sit in; two answers written independently
 * (similarity-answers.ts), each against the other, the copies and solutions/,
 * and the untouched skeletons are not.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../workbook/paths.js';
import { stages } from '../course/course.js';
import { independentAnswers, writeAnswer } from './similarity-answers.js';
import { similarPairs, solutionName } from './similarity.js';

const root = mkdtempSync(join(tmpdir(), 'bare-similarity-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const copy = (from: string, name: string) => {
  cpSync(from, join(root, name), { recursive: true });
  return join(root, name);
};
for (const [name, answers] of Object.entries(independentAnswers)) {
  const dir = copy(join(repoRoot, 'labs'), `own-${name}`);
  for (const answer of answers) writeAnswer(dir, answer);
}
// What a copier does: the classmate's code, its names and words changed.
const copier = copy(join(root, 'own-a'), 'copier');
for (const file of ['03-workqueue/queue.ts', '01-list-watch/list-watch.ts']) {
  const path = join(copier, file);
  writeFileSync(path, readFileSync(path, 'utf8').replace(/wanted/g, 'needsWork').replace(/held/g, 'inFlight').replace(/sleepers/g, 'idleWorkers').replace(/answer/g, 'res'));
}
copy(join(repoRoot, 'solutions'), 'solution-copier');
const untouched = Array.from({ length: 6 }, (_, i) => copy(join(repoRoot, 'labs'), `untouched-${i}`));
const names = ['own-a', 'own-b', 'copier', 'solution-copier', ...untouched.map((_, i) => `untouched-${i}`)];
const klass = names.map((name) => ({ name, root: join(root, name) }));

describe('the similarity check', () => {
  for (const number of [1, 3]) {
    const stage = stages.find((s) => s.number === number)!;
    it(`flags the copied classmate and the copied solution in stage ${number}, and nothing else`, () => {
      const pairs = similarPairs(stage, klass);
      expect(pairs.map((p) => `${p.left} ~ ${p.right}`).sort()).toEqual(['own-a ~ copier', `solution-copier ~ ${solutionName}`]);
      const copied = pairs.find((p) => p.right === 'copier')!;
      const first = copied.fragments[0]!;
      // Side by side: the same place in both, the lines themselves, and the TODO they answer.
      expect(first.left.file).toBe(first.right.file);
      expect(first.left.lines.length).toBeGreaterThan(0);
      expect(first.right.lines.join('\n')).toMatch(/needsWork|res\b/);
      expect(copied.fragments.flatMap((f) => f.left.todos).some((todo) => todo.startsWith(`${number}.`))).toBe(true);
    });
  }
});
