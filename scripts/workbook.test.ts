import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './cluster/paths.js';
import { stages } from './stages.js';
import { resolveTarget } from './target.js';

const available = stages.filter((s) => s.available);

describe('the workbook is laid out as the learner expects', () => {
  it.each(available.map((s) => [s.dir]))('%s exists as skeleton, solution and checkpoints, with a lab README', (dir) => {
    for (const root of ['labs', 'solutions', 'checkpoints']) expect(existsSync(join(repoRoot, root, dir)), `${root}/${dir}`).toBe(true);
    expect(existsSync(join(repoRoot, 'labs', dir, 'README.md')), `labs/${dir}/README.md`).toBe(true);
  });

  it.each(available.map((s) => [s.dir]))('%s: every skeleton file has a solution twin; given files (no TODO) are identical to it', (dir) => {
    const labs = join(repoRoot, 'labs', dir);
    const solutions = join(repoRoot, 'solutions', dir);
    for (const file of readdirSync(labs).filter((f) => f.endsWith('.ts'))) {
      expect(existsSync(join(solutions, file)), `solutions/${dir}/${file}`).toBe(true);
      const skeleton = readFileSync(join(labs, file), 'utf8');
      if (!/\btodo\(/.test(skeleton)) expect(skeleton, `labs/${dir}/${file} is given code and must match the solution`).toBe(readFileSync(join(solutions, file), 'utf8'));
    }
  });

  it('every skeleton still has TODOs for the learner (todo() in code, TODO in manifests)', () => {
    for (const { dir } of available) {
      const files = readdirSync(join(repoRoot, 'labs', dir));
      const read = (f: string) => readFileSync(join(repoRoot, 'labs', dir, f), 'utf8');
      const code = files.filter((f) => f.endsWith('.ts')).map(read).join('\n');
      const manifests = files.filter((f) => f.endsWith('.yaml')).map(read).join('\n');
      expect(/\btodo\(/.test(code) || /\bTODO \d/.test(manifests), `labs/${dir} has no TODO left`).toBe(true);
    }
  });

  it.each(available.map((s) => [s.dir]))('%s: every skeleton manifest has a solution twin', (dir) => {
    for (const file of readdirSync(join(repoRoot, 'labs', dir)).filter((f) => f.endsWith('.yaml'))) {
      expect(existsSync(join(repoRoot, 'solutions', dir, file)), `solutions/${dir}/${file}`).toBe(true);
    }
  });
});

describe('BARE_TARGET', () => {
  it('names labs, solutions or a folder, and rejects anything else clearly', () => {
    expect(resolveTarget('labs')).toBe(join(repoRoot, 'labs'));
    expect(resolveTarget('solutions')).toBe(join(repoRoot, 'solutions'));
    expect(() => resolveTarget('/no/such/folder')).toThrow(/is not a folder/);
  });
});
