/**
 * npm run lab's command line: --help, --only (stage 3, which needs no
 * cluster), a copy without the stage's folder, and the footer after a pass,
 * a first failure and a regression.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nextStepLines } from '../workbook/next-step.js';
import { indexStage } from './checkpoint-index.js';
import { footer } from './footer.js';
import { selectCheckpoints } from './only.js';
import { stageByNumber } from '../course/course.js';
import { repoRoot } from '../workbook/paths.js';
import { commandLine } from '../workbook/commands.js';

const scratch = mkdtempSync(join(tmpdir(), 'bare-lab-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function lab(args: string[]) {
  const run = spawnSync(...commandLine('lab', args), {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', BARE_TARGET: undefined },
  });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('npm run lab', () => {
  it('answers --help with the usage and exit 0, and an unknown option with a sentence and exit 2', () => {
    const help = lab(['--help']);
    expect(help.code).toBe(0);
    expect(help.output).toContain('--only <TODO id or words>');
    expect(lab(['3', '--bogus'])).toMatchObject({ code: 2, output: expect.stringContaining('Unknown option --bogus.') });
  });

  it('--only <TODO id> runs exactly the checkpoints that name it', { timeout: 60_000 }, () => {
    const wanted = selectCheckpoints(indexStage('03-workqueue'), '3.5');
    expect(wanted.length).toBeGreaterThan(0);
    const { output } = lab(['3', '--target', 'solutions', '--only', '3.5']);
    expect(output).toContain(`${wanted.length} of ${wanted.length} checkpoints pass`);
    const ran = output.split('\n').filter((line) => line.startsWith('  ✓ 03-workqueue · '));
    expect(ran.map((line) => line.replace(/^ {2}✓ 03-workqueue · /, '').replace(/ {2}[\d.]+s.*$/, ''))).toEqual(wanted.map((c) => c.title));
    expect(output).toContain('The chosen checkpoints pass.');
  });

  it('--only with words that match nothing says which TODOs the stage has', () => {
    expect(lab(['3', '--only', 'no such words here'])).toMatchObject({ code: 2, output: expect.stringMatching(/No checkpoint of stage 3 matches "no such words here"\. Its checkpoints name TODO 3\.1, /) });
  });

  it('says "folder missing" in one line for a copy without the stage', () => {
    const copy = join(scratch, 'partial');
    cpSync(join(repoRoot, 'labs', '03-workqueue'), join(copy, '03-workqueue'), { recursive: true });
    const { code, output } = lab(['1', '--target', copy]);
    expect(code).toBe(1);
    expect(output.trim().split('\n').at(-1)).toBe(`Stage 1 · List & watch: folder missing (${join(copy, '01-list-watch')}).`);
  });
});

describe('the footer of a lab run', () => {
  const stage = stageByNumber(3)!;
  const run = (passed: boolean) => ({ target: 'labs', startedAt: '', errors: [], at: new Date('2026-11-20T10:00:00Z'), results: [{ stage: stage.dir, file: 'f', title: 't', state: passed ? ('passed' as const) : ('failed' as const), durationMs: 1 }] });

  it('after a pass, says what npm start says is next', () => {
    expect(footer({ stage, ok: true, before: undefined, only: false })).toEqual(['Stage 3 done.', ...nextStepLines()]);
  });

  it('after a failure, points at the README and the first failure', () => {
    expect(footer({ stage, ok: false, before: run(false), only: false })).toEqual(['Read labs/03-workqueue/README.md, do the TODO the first failure names, and run npm run lab:3 again.']);
  });

  it('after a regression, says it is a bug in finished code, not a TODO to do', () => {
    expect(footer({ stage, ok: false, before: run(true), only: false })[0]).toBe(
      'Stage 3 passed on 2026-11-20 10:00 and fails now: a bug in finished code — a change since then broke something that worked.',
    );
  });

  const failing = (message: string) => ({ target: 'labs', startedAt: '', errors: [], results: [{ stage: stage.dir, file: 'f', title: 't', state: 'failed' as const, durationMs: 1, message }] });

  it('names the TODO when the first failure is one not written yet', () => {
    expect(footer({ stage, ok: false, before: undefined, now: failing('Not written yet: 3.2 Queue.done: …\nLook at: labs/03-workqueue/queue.ts — TODO 3.2'), only: false })).toEqual([
      'Read labs/03-workqueue/README.md, do TODO 3.2, and run npm run lab:3 again.',
    ]);
  });

  it('calls a failure in written code a bug there, not the next TODO', () => {
    const lines = footer({ stage, ok: false, before: undefined, now: failing('Expected: …\nLook at: labs/03-workqueue/queue.ts — TODO 3.2\nWhat happened: …'), only: false });
    expect(lines[0]).toMatch(/^The first failure above is a bug in code already written, not a TODO still to do/);
  });

  it('names the TODO a failure looks at when its stub is still there (a manifest TODO has no todo() to say "Not written yet")', () => {
    const now = failing('Expected: …\nLook at: labs/03-workqueue/queue.ts — TODO 3.2\nWhat happened: …');
    expect(footer({ stage, ok: false, before: undefined, now, only: false, openTodoIds: ['3.2', '3.4'] })).toEqual([
      'Read labs/03-workqueue/README.md, do TODO 3.2, and run npm run lab:3 again.',
    ]);
  });

  it('after a run where some checkpoints could not run, does not call the stage done', () => {
    const now = { ...run(true), results: [...run(true).results, { stage: stage.dir, file: 'f', title: 'u', state: 'skipped' as const, durationMs: 0, note: 'needs Docker' }] };
    expect(footer({ stage, ok: true, before: undefined, now, only: false })[0]).toMatch(/^Every checkpoint that ran passes; 1 could not run on this machine/);
  });

  it("sends a failure in an earlier stage's folder back to that stage, as a bug in finished code", () => {
    const lines = footer({ stage, ok: false, before: undefined, now: failing('Expected: …\nLook at: labs/01-list-watch/reflector.ts:120, where the error was thrown (…)\nWhat happened: …'), only: false });
    expect(lines).toEqual([
      "The first failure is a bug in finished code: it is in labs/01-list-watch, stage 1's code, which this stage builds on.",
      'Fix it there (npm run lab:1 checks it), then: npm run lab:3',
    ]);
  });
});
