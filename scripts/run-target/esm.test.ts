import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { needsEsmHooks, targetNodeArgs } from './esm.js';
import { repoRoot } from '../workbook/paths.js';

const outside = mkdtempSync(join(tmpdir(), 'bare-outside-'));
afterAll(() => rmSync(outside, { recursive: true, force: true }));

describe('a learner folder outside the workbook runs as its own process', () => {
  it('loads its .ts files as ES modules (top-level await) and finds the workbook packages', { timeout: 30_000 }, () => {
    // What stage 7's main.ts does: a package import, an import of a sibling .ts, a top-level await.
    mkdirp(join(outside, '07-metrics'));
    writeFileSync(join(outside, '07-metrics', 'helper.ts'), 'export const answer: number = 42;\n');
    writeFileSync(join(outside, '07-metrics', 'main.ts'), "import { Registry } from 'prom-client';\nimport { answer } from './helper.js';\nawait Promise.resolve();\nconsole.log(`ok ${answer} ${typeof Registry}`);\n");
    const main = join(outside, '07-metrics', 'main.ts');
    const node = targetNodeArgs(outside);
    const run = spawnSync(process.execPath, [...node.args, main], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...node.env } });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('ok 42 function');
    // Without the hooks it is the failure the learner saw: tsx compiles it as CommonJS.
    const bare = spawnSync(process.execPath, ['--import', 'tsx', main], { cwd: repoRoot, encoding: 'utf8' });
    expect(bare.status).not.toBe(0);
  });

  it('is needed only outside the workbook', () => {
    expect(needsEsmHooks(join(repoRoot, 'labs'))).toBe(false);
    expect(needsEsmHooks(join(repoRoot, '.proof', '7.1'))).toBe(false);
    expect(needsEsmHooks(outside)).toBe(true);
  });
});

function mkdirp(dir: string): void {
  cpSync(join(repoRoot, 'labs', 'todo.ts'), join(dir, '..', 'todo.ts'));
  spawnSync('mkdir', ['-p', dir]);
}
