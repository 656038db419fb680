/** `--help` on every command a learner or instructor types: the usage on stdout, exit 0, nothing started. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './cluster/paths.js';

const commands: Array<[string, string[]]> = [
  ['lab.ts', []],
  ['grade.ts', []],
  ['doctor.ts', []],
  ['classroom.ts', []],
  ['hint.ts', []],
  ['cluster.ts', ['up']],
  ['cluster.ts', ['down']],
  ['controller.ts', []],
  ['image.ts', []],
  ['deploy.ts', []],
  ['bench.ts', []],
];

describe('--help', () => {
  it.each(commands)('scripts/%s %s --help prints the usage and exits 0', { timeout: 30_000 }, (script, before) => {
    const run = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(repoRoot, 'scripts', script), ...before, '--help'], { cwd: repoRoot, encoding: 'utf8', timeout: 25_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Usage:/);
    expect(run.stdout).not.toMatch(/no summary/);
  });
});
