/**
 * Every checkpoint of the chosen stages, listed once per grading run from the
 * reference solution (collected, not run): the columns of the heat map, and
 * the checkpoints a stage that never ran is charged with.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { stageOf } from '../report/results.js';
import { repoRoot } from '../workbook/paths.js';

export interface CatalogueEntry {
  stage: string;
  file: string;
  title: string;
  /** "describe > test": what results are matched by. */
  fullName: string;
}

export async function listCheckpoints(stageDirs: string[]): Promise<CatalogueEntry[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'bare-catalogue-'));
  const out = join(scratch, 'list.json');
  try {
    const args = [join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'list', '--project', 'checkpoints', '--staticParse=false', `--json=${out}`, ...stageDirs.map((d) => `checkpoints/${d}/`)];
    const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
      const child = spawn(process.execPath, args, { cwd: repoRoot, env: { ...process.env, BARE_TARGET: 'solutions', BARE_CLUSTER: 'none' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk));
      child.on('close', (c) => resolve({ code: c ?? 1, output }));
    });
    if (code !== 0) throw new Error(`Listing the checkpoints failed:\n${output.trim().split('\n').slice(-10).join('\n')}`);
    const listed = JSON.parse(readFileSync(out, 'utf8')) as Array<{ name: string; file: string }>;
    return listed.map((t) => {
      const file = relative(repoRoot, t.file);
      // `name` is the full name, "describe > test"; the title shown is the test's own.
      return { stage: stageOf(file), file, title: t.name.split(' > ').at(-1) ?? t.name, fullName: t.name };
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
