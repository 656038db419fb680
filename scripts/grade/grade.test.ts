/**
 * npm run grade end to end on stage 3, which needs no cluster: a class with a
 * finished copy, an untouched one, one that imports the workbook's solution,
 * one that looks for it on disk, one that loops forever and one that eats
 * memory — the right points, reasons and files, and the loop does not stall
 * the class. Then a partial copy: one line per missing stage.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxLayers } from './sandbox.js';
import type { ClassGrades } from './model.js';
import { makeClass, makeLearner } from './sample-class.js';
import { repoRoot } from '../workbook/paths.js';
import { commandLine } from '../workbook/commands.js';

const scratch = mkdtempSync(join(tmpdir(), 'bare-grade-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Stage 3's checkpoints, counted in its test files, so adding one does not break this test. */
const sandboxed = sandboxLayers().missing.length === 0;

const n = readdirSync(join(repoRoot, 'checkpoints', '03-workqueue'))
  .filter((f) => f.endsWith('.test.ts'))
  .reduce((sum, f) => sum + (readFileSync(join(repoRoot, 'checkpoints', '03-workqueue', f), 'utf8').match(/^\s*checkpoint\(/gm)?.length ?? 0), 0);

function grade(args: string[]) {
  const run = spawnSync(...commandLine('grade', args), {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, BARE_CLUSTER: undefined, BARE_CLUSTER_INFO: undefined, BARE_TARGET: undefined },
  });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('npm run grade', () => {
  it('grades a class: points, reasons, files — and a loop or a memory hog is stopped without stalling the class', { timeout: 120_000 }, () => {
    const klass = join(scratch, 'class');
    makeClass(klass, { ada: 'finished', bo: 'untouched', mal: 'cheats', pip: 'peeks', lou: 'loops', hog: 'hogs' });
    const out = join(scratch, 'report');
    const started = Date.now();
    const { code, output } = grade([klass, '--stages', '3', '--stall', '10', '--memory', '1024', '--jobs', '2', '--out', out]);
    expect(code, output).toBe(0);
    // The loop costs its time limit once, beside the others: not the class's time times two.
    expect(Date.now() - started).toBeLessThan(90_000);

    expect(readFileSync(join(out, 'grades.csv'), 'utf8')).toBe(
      ['learner,03-workqueue,total,out_of', `ada,${n},${n},${n}`, `bo,0,0,${n}`, `hog,0,0,${n}`, `lou,0,0,${n}`, `mal,0,0,${n}`, `pip,${sandboxed ? n : 0},${sandboxed ? n : 0},${n}`, ''].join('\n'),
    );
    const grades = JSON.parse(readFileSync(join(out, 'class.json'), 'utf8')) as ClassGrades;
    const stage = (name: string) => grades.learners.find((l) => l.name === name)!.stages[0]!;
    expect(stage('bo')).toMatchObject({ status: 'not-started', durationMs: 0 });
    expect(stage('mal')).toMatchObject({ status: 'refused', durationMs: 0 });
    expect(stage('mal').reason).toBe(`imports outside its folder: 03-workqueue/index.ts:1 imports '${join(repoRoot, 'solutions/03-workqueue/index.js')}' (an absolute path)`);
    expect(output).toContain("mal · 03-workqueue: imports outside its folder: 03-workqueue/index.ts:1 imports");
    expect(stage('lou')).toMatchObject({ status: 'stopped', reason: 'stopped after 10s without a checkpoint finishing: a checkpoint hung or looped' });
    expect(stage('lou').checkpoints[0]!.message).toMatch(/^did not finish: stopped after 10s/);
    expect(stage('hog').status).toBe('stopped');
    expect(stage('hog').reason).toMatch(/memory cap of 1024 MiB|ran out of memory/);

    for (const learner of ['ada', 'bo', 'mal', 'pip', 'lou', 'hog']) {
      const junit = readFileSync(join(out, 'learners', learner, 'junit.xml'), 'utf8');
      expect(junit).toContain('<testsuite name="03-workqueue · Work queue"');
      expect(junit.match(/<testcase /g)).toHaveLength(n);
      expect(existsSync(join(out, 'learners', learner, 'results.json'))).toBe(true);
    }
    expect(readFileSync(join(out, 'learners', 'lou', 'junit.xml'), 'utf8')).toContain('<failure message="did not finish: stopped after 10s without a checkpoint finishing');
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });

  // Listing six stages' checkpoints and running stage 3 took 80 s at a load of 11 on two cores.
  it('says "folder missing" once per stage a partial copy lacks, and grades what it has', { timeout: 180_000 }, () => {
    const copy = join(scratch, 'partial');
    makeLearner(copy, 'partial');
    const out = join(scratch, 'partial-report');
    const { code, output } = grade([copy, '--stages', '3-8', '--out', out]);
    expect(code, output).toBe(0);
    for (const dir of ['04-reconcile', '05-leader-election', '06-rbac', '07-metrics', '08-deploy']) {
      expect(output.split('\n').filter((line) => line.includes(dir))).toEqual([`  partial · ${dir}: folder missing`]);
    }
    expect(output).not.toMatch(/did not load|Cannot find package/);
    expect(output).toContain(`partial · 03-workqueue: 0/${n}`);
    // Nothing that ran needed a cluster, so none was started.
    expect(output).not.toContain('Starting one cluster');
  });

  // Three tsx starts: well over vitest's default 5 s when the machine is busy.
  it('answers --help with the usage and exit 0, and a mistake with a sentence and exit 2', { timeout: 60_000 }, () => {
    expect(grade(['--help'])).toMatchObject({ code: 0, output: expect.stringContaining('Usage: npm run grade -- <folder>') });
    expect(grade([scratch, '--stages', '9'])).toMatchObject({ code: 2, output: expect.stringContaining('there is no stage 9') });
    expect(grade([join(scratch, 'nowhere')])).toMatchObject({ code: 2, output: expect.stringContaining('is not a folder') });
  });
});
