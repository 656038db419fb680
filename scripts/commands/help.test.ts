/** `--help` on every command a learner or instructor types: the usage on stdout, exit 0, nothing started. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { commandLine } from '../workbook/commands.js';
import { repoRoot } from '../workbook/paths.js';

const commands: Array<[string, string[]]> = [
  ['lab', []],
  ['grade', []],
  ['doctor', []],
  ['classroom', []],
  ['hint', []],
  ['cluster', ['up']],
  ['cluster', ['down']],
  ['controller', []],
  ['image', []],
  ['deploy', []],
  ['bench', []],
];

describe('--help', () => {
  it.each(commands)('%s %s --help prints the usage and exits 0', { timeout: 30_000 }, (script, before) => {
    const run = spawnSync(...commandLine(script, [...before, '--help']), { cwd: repoRoot, encoding: 'utf8', timeout: 25_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Usage:/);
    expect(run.stdout).not.toMatch(/no summary/);
  });
});
