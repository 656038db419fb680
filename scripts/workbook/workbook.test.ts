import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateStage } from '../labs/generate.js';
import { skeletonFiles, stageTodos } from './skeleton-files.js';
import { missingCommon, resolveTarget } from './target.js';
import { stages } from '../course/course.js';
import { repoRoot, commonDir, workbookDirs } from './paths.js';

const available = stages.filter((s) => s.available);

describe('the workbook is laid out as the learner expects', () => {
  it.each(available.map((s) => [s.dir]))('%s exists as skeleton, solution and checkpoints, with a lab README', (dir) => {
    for (const root of ['labs', 'solutions', 'checkpoints']) expect(existsSync(join(repoRoot, root, dir)), `${root}/${dir}`).toBe(true);
    expect(existsSync(join(repoRoot, 'labs', dir, 'README.md')), `labs/${dir}/README.md`).toBe(true);
  });

  // As rustlings' dev check: a skeleton edited by hand, or a solution changed without regenerating, fails here.
  it.each(workbookDirs().map((dir) => [dir]))('labs/%s is exactly what npm run labs:build writes from solutions/ (code, manifests, Dockerfile; subfolders too)', (dir) => {
    const generated = generateStage(dir);
    expect(skeletonFiles(join(repoRoot, 'labs', dir)), `labs/${dir} has other files than solutions/${dir}: run npm run labs:build`).toEqual(generated.map((f) => f.path));
    for (const { path, text } of generated) {
      expect(readFileSync(join(repoRoot, 'labs', dir, path), 'utf8'), `labs/${dir}/${path} differs from its solution's skeleton: change solutions/${dir}/${path}, then run npm run labs:build`).toBe(text);
    }
  });

  it('00-common is given code, the same in labs/ as in solutions/, and no stage of the course', () => {
    expect(stageTodos(join(repoRoot, 'labs', commonDir)).size, 'labs/00-common has TODOs: lesson regions belong in a stage').toBe(0);
    for (const { path, text } of generateStage(commonDir)) expect(text, `00-common/${path}`).toBe(readFileSync(join(repoRoot, 'solutions', commonDir, path), 'utf8'));
    expect(stages.map((s) => s.dir)).not.toContain(commonDir);
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

  it('a folder whose stages import 00-common but lack it is told how to add it; one that needs none is not', () => {
    const copy = mkdtempSync(join(tmpdir(), 'bare-target-'));
    try {
      expect(missingCommon(copy)).toBeUndefined();
      // Every stage imports 00-common now (the Clock lives there); stage 3 is one.
      cpSync(join(repoRoot, 'labs', '03-workqueue'), join(copy, '03-workqueue'), { recursive: true });
      expect(missingCommon(copy)).toBe(`${join(copy, commonDir)} is missing: it holds the given code the stages import (logger, flags, API errors). Copy it in: cp -r ${join(repoRoot, 'labs', commonDir)} ${copy}/`);
      cpSync(join(repoRoot, 'labs', commonDir), join(copy, commonDir), { recursive: true });
      expect(missingCommon(copy)).toBeUndefined();
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
