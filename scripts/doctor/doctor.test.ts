import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../workbook/paths.js';
import { commandLine } from '../workbook/commands.js';

describe('npm run doctor', () => {
  it('prints one line per check, each ok, note or FIX with what it found, and exits 1 only when something needs a FIX', { timeout: 60_000 }, () => {
    const run = spawnSync(...commandLine('doctor'), { cwd: repoRoot, encoding: 'utf8' });
    const lines = run.stdout.split('\n').filter((line) => /^ {2}(ok {2}|note|FIX ) {2}/.test(line));
    const names = ['Node (system)', 'Node (project)', 'npm', 'Go', 'Control plane', 'kubectl', 'Docker', 'Ports 10250, 10248', 'Node prerequisites', 'Kube context guard', 'Dev cluster'];
    const nameOf = (line: string) => line.slice(8).split(/ {2,}/)[0];
    for (const name of names) expect(lines.filter((line) => nameOf(line) === name), name).toHaveLength(1);
    for (const line of lines) expect(line.slice(8).trim().length, line).toBeGreaterThan(20);
    expect(run.status).toBe(lines.some((line) => line.startsWith('  FIX')) ? 1 : 0);
  });
});
