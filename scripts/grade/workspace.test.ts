import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inside } from './specifier-rules.js';
import { createWorkspace, placeLearner } from './workspace.js';
import { repoRoot } from '../workbook/paths.js';

const learnerDir = mkdtempSync(join(tmpdir(), 'bare-workspace-learner-'));
const workspace = createWorkspace();
afterAll(() => {
  workspace.remove();
  rmSync(learnerDir, { recursive: true, force: true });
});

describe('the grading workspace', () => {
  mkdirSync(join(learnerDir, '07-metrics'), { recursive: true });
  // A package import and a top-level await: what stage 7's main.ts does when a checkpoint runs it as a process.
  writeFileSync(join(learnerDir, '07-metrics', 'main.ts'), "import { KubeConfig } from '@kubernetes/client-node';\nawait Promise.resolve();\nconsole.log(typeof KubeConfig);\n");
  writeFileSync(join(learnerDir, 'todo.ts'), 'export const mine = true;\n');
  const space = placeLearner(workspace, { name: 'ada', root: learnerDir, source: learnerDir });

  it('is outside the workbook, so no relative path from a learner file reaches solutions/', () => {
    expect(inside(repoRoot, space.labs)).toBe(false);
    expect(existsSync(join(space.labs, '..', '..', 'solutions'))).toBe(false);
    expect(existsSync(join(space.labs, '..', '..', '..', 'solutions'))).toBe(false);
  });

  // A node process with tsx's loader: seconds on a busy 2-core machine, past vitest's default 5.
  it("resolves the workbook's packages from the copy, as ESM, with Node's own resolver", { timeout: 60_000 }, () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(space.labs, '07-metrics', 'main.ts')], { cwd: repoRoot, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('function');
  });

  it('keeps a learner called node_modules out of the workbook\'s node_modules', () => {
    const odd = placeLearner(workspace, { name: 'node_modules', root: learnerDir, source: learnerDir });
    expect(inside(repoRoot, odd.labs)).toBe(false);
    expect(existsSync(join(repoRoot, 'node_modules', 'labs'))).toBe(false);
  });

  it("carries the workbook's 00-common (the given code every stage imports), though the copy has none", () => {
    expect(readFileSync(join(space.labs, '00-common', 'logger.ts'), 'utf8')).toBe(readFileSync(join(repoRoot, 'labs', '00-common', 'logger.ts'), 'utf8'));
  });

  it("uses the workbook's todo.ts, whatever the learner's says", () => {
    const run = spawnSync('grep', ['-c', 'NotImplementedError', join(space.labs, 'todo.ts')], { encoding: 'utf8' });
    expect(Number(run.stdout)).toBeGreaterThan(0);
  });
});
