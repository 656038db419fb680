import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './cluster/paths.js';
import { skeletonFiles, stageTodos, todoIdsIn } from './skeleton-files.js';
import { stages } from './stages.js';
import { resolveTarget } from './target.js';

const available = stages.filter((s) => s.available);

describe('the workbook is laid out as the learner expects', () => {
  it.each(available.map((s) => [s.dir]))('%s exists as skeleton, solution and checkpoints, with a lab README', (dir) => {
    for (const root of ['labs', 'solutions', 'checkpoints']) expect(existsSync(join(repoRoot, root, dir)), `${root}/${dir}`).toBe(true);
    expect(existsSync(join(repoRoot, 'labs', dir, 'README.md')), `labs/${dir}/README.md`).toBe(true);
  });

  it.each(available.map((s) => [s.dir]))('%s: every skeleton file (code, manifests, Dockerfile; subfolders too) has a solution twin; given files (no TODO) are identical to it', (dir) => {
    const labs = join(repoRoot, 'labs', dir);
    const solutions = join(repoRoot, 'solutions', dir);
    for (const file of skeletonFiles(labs)) {
      expect(existsSync(join(solutions, file)), `solutions/${dir}/${file}`).toBe(true);
      const skeleton = readFileSync(join(labs, file), 'utf8');
      if (todoIdsIn(file, skeleton).length === 0) expect(skeleton, `labs/${dir}/${file} is given (no TODO) and must match the solution`).toBe(readFileSync(join(solutions, file), 'utf8'));
    }
  });

  it('every skeleton still has TODOs for the learner (todo() in code, # TODO in manifests and Dockerfiles)', () => {
    for (const { dir } of available) expect(stageTodos(join(repoRoot, 'labs', dir)).size, `labs/${dir} has no TODO left`).toBeGreaterThan(0);
  });
});

describe('BARE_TARGET', () => {
  it('names labs, solutions or a folder, and rejects anything else clearly', () => {
    expect(resolveTarget('labs')).toBe(join(repoRoot, 'labs'));
    expect(resolveTarget('solutions')).toBe(join(repoRoot, 'solutions'));
    expect(() => resolveTarget('/no/such/folder')).toThrow(/is not a folder/);
  });
});
