/**
 * The lab run's output: a line per checkpoint, then only the first failure in
 * full (every failure used to print twice); --all (BARE_REPORT=all) shows
 * every message; the results file is written as the run goes.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { plain } from './checkpoint-reporter.js';
import type { RunResults } from './results.js';
import { repoRoot } from '../workbook/paths.js';

const root = mkdtempSync(join(tmpdir(), 'bare-reporter-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, 'checkpoints', '01-x'), { recursive: true });
writeFileSync(
  join(root, 'checkpoints', '01-x', '1-x.test.ts'),
  [
    "import { it } from 'vitest';",
    "it('passes', () => {});",
    "it('first gap', () => { throw Object.assign(new Error('Not written yet: 1.1 list()\\nLook at: labs/01-x/a.ts — TODO 1.1'), { name: 'NotImplementedError' }); });",
    "it('second gap', () => { throw new Error('Expected: two\\nLook at: labs/01-x/b.ts — TODO 1.2\\nWhat happened: one'); });",
    "it('third gap', () => { throw new Error('Expected: three\\nLook at: labs/01-x/c.ts — TODO 1.3\\nWhat happened: none'); });",
  ].join('\n'),
);
writeFileSync(join(root, 'vitest.config.ts'), 'export default {};\n');

function run(report?: string) {
  const resultsFile = join(root, `results-${report ?? 'default'}.json`);
  const child = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', root, `--reporter=${join(repoRoot, 'scripts', 'report', 'checkpoint-reporter.ts')}`], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', BARE_RESULTS_FILE: resultsFile, BARE_REPORT: report },
  });
  return { output: child.stdout, results: JSON.parse(readFileSync(resultsFile, 'utf8')) as RunResults };
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('the checkpoint reporter', () => {
  it('prints each failure once as a line, and only the first in full', { timeout: 60_000 }, () => {
    const { output, results } = run();
    expect(occurrences(output, '✗ 01-x · first gap')).toBe(2); // its line, and its full message
    expect(occurrences(output, '✗ 01-x · second gap')).toBe(1);
    expect(occurrences(output, '✗ 01-x · third gap')).toBe(1);
    expect(output).toContain('first gap  0.0s — TODO 1.1 not written yet');
    expect(output).toContain('    Not written yet: 1.1 list()');
    expect(output).not.toContain('What happened: one');
    expect(output).toContain('2 more failing, one line each above; --all shows every message');
    expect(output).toContain('1 of 4 checkpoints pass');
    expect(results).toMatchObject({ finished: true, errors: [] });
    expect(results.results.map((r) => [r.title, r.state])).toEqual([
      ['passes', 'passed'],
      ['first gap', 'failed'],
      ['second gap', 'failed'],
      ['third gap', 'failed'],
    ]);
  });

  it('prints every message with BARE_REPORT=all', { timeout: 60_000 }, () => {
    const { output } = run('all');
    expect(output).toContain('What happened: one');
    expect(output).toContain('What happened: none');
    expect(output).not.toContain('more failing');
  });

  it("drops the assertion library's name for its errors, keeps the name of an error the learner's code threw", () => {
    expect(plain({ name: 'AssertionError', message: 'Expected: x\nLook at: y' })).toBe('Expected: x\nLook at: y');
    expect(plain({ name: 'TypeError', message: "Cannot read properties of undefined (reading 'add')" })).toBe("TypeError: Cannot read properties of undefined (reading 'add')");
  });
});
