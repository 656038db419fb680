/**
 * The grader against learners who attack it (attack-class.ts), on stage 3:
 * every probe for something out of reach finds nothing, every forgery scores
 * no more than the skeleton (0) with its reason, links into the workbook are
 * left out, the honest learners keep every point, and the workbook is as it
 * was. Needs the sandbox: where a layer is missing, the test says which.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandLine } from '../workbook/commands.js';
import { repoRoot } from '../workbook/paths.js';
import { makeAttackClass } from './attack-class.js';
import type { ClassGrades } from './model.js';
import { sandboxLayers } from './sandbox.js';

const scratch = mkdtempSync(join(tmpdir(), 'bare-attack-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const n = readdirSync(join(repoRoot, 'checkpoints', '03-workqueue'))
  .filter((f) => f.endsWith('.test.ts'))
  .reduce((sum, f) => sum + (readFileSync(join(repoRoot, 'checkpoints', '03-workqueue', f), 'utf8').match(/^\s*checkpoint\(/gm)?.length ?? 0), 0);

const gitStatus = () => spawnSync('git', ['status', '--porcelain', '--ignored=no'], { cwd: repoRoot, encoding: 'utf8' }).stdout;

describe('npm run grade against attacking learners', () => {
  const { missing } = sandboxLayers();
  it.skipIf(missing.length > 0)(`keeps every attack to the skeleton's score or out, and every honest point in${missing.length > 0 ? ` (not run: ${missing.join('; ')})` : ''}`, { timeout: 240_000 }, () => {
    const before = gitStatus();
    const klass = join(scratch, 'class');
    const kinds = makeAttackClass(klass);
    const out = join(scratch, 'report');
    const run = spawnSync(...commandLine('grade', [klass, '--stages', '3', '--stall', '15', '--out', out]), {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, BARE_CLUSTER: undefined, BARE_CLUSTER_INFO: undefined, BARE_TARGET: undefined },
    });
    const output = `${run.stdout}${run.stderr}`;
    expect(run.status, output).toBe(0);
    const grades = JSON.parse(readFileSync(join(out, 'class.json'), 'utf8')) as ClassGrades;
    const learner = (name: string) => grades.learners.find((l) => l.name === name);

    for (const name of kinds.honest) expect(learner(name)?.points, `${name}: ${learner(name)?.stages[0]?.reason}`).toBe(n);
    // A probe that reaches its target throws, and its otherwise finished copy loses the stage.
    for (const name of kinds.reach) expect(learner(name)?.points, `${name} reached what it must not: ${learner(name)?.stages[0]?.checkpoints.find((c) => c.state !== 'passed')?.message}`).toBe(n);
    for (const name of kinds.forge) {
      expect(learner(name)?.points, name).toBe(0);
      expect(learner(name)?.stages[0]?.reason, name).toBeTruthy();
    }
    for (const name of kinds.links) {
      expect(learner(name), name).toBeUndefined();
      expect(grades.ignored).toContain(`${name} (a symbolic link)`);
    }
    expect(gitStatus()).toBe(before);
  });
});
