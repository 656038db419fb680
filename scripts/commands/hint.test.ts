import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findTodo } from '../course/course.js';
import { hintsSummary } from '../workbook/hints-shown.js';
import { commandLine } from '../workbook/commands.js';

const scratch = mkdtempSync(join(tmpdir(), 'bare-hints-'));
const file = join(scratch, 'hints.json');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const hint = (...args: string[]) => {
  const run = spawnSync(...commandLine('hint', args), { encoding: 'utf8', env: { ...process.env, BARE_HINTS_FILE: file } });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
};

describe('npm run hint', () => {
  it('gives the next hint each time, the earlier ones again above it, and remembers how many', { timeout: 30_000 }, () => {
    const { todo } = findTodo('1.6')!;
    const first = hint('1.6');
    expect(first.code).toBe(0);
    expect(first.output).toContain(`Hint 1 of ${todo.hints.length} (the idea):`);
    expect(first.output).not.toContain('Hint 2 of');
    const second = hint('1.6');
    expect(second.output).toContain('seen before');
    expect(second.output).toContain(todo.hints[1]!);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ '1.6': 2 });
    for (let i = 0; i < todo.hints.length; i++) hint('1.6');
    expect(hint('1.6').output).toContain('That was the last hint.');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ '1.6': todo.hints.length });
  });

  it('says what a TODO id looks like when it does not know one, and answers --help', { timeout: 30_000 }, () => {
    expect(hint('9.9')).toMatchObject({ code: 2, output: expect.stringContaining('There is no TODO 9.9') });
    expect(hint('--help')).toMatchObject({ code: 0, output: expect.stringContaining('Usage: npm run hint -- <TODO id>') });
  });

  it('sums up for npm start', () => {
    expect(hintsSummary({ '1.6': 2, '1.3': 1, '2.10': 0 })).toBe('3 hints for 2 TODOs (1.3, 1.6)');
    expect(hintsSummary({})).toBeUndefined();
  });

  it('npm start counts the hints the learner asked for', { timeout: 30_000 }, () => {
    // The first test left 1.6's hints in the file.
    const home = spawnSync(...commandLine('home'), { encoding: 'utf8', env: { ...process.env, BARE_HINTS_FILE: file } });
    expect(home.status).toBe(0);
    expect(home.stdout).toMatch(/Hints used: \d+ hints for 1 TODO \(1\.6\)/);
  });
});
