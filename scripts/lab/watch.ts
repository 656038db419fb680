/**
 * `npm run lab:N -- --watch`: vitest's watch mode. Its global set-up runs once
 * for the session, so the cluster (the dev cluster when one is up, else one
 * started for this session) stays up between runs and a save re-runs in seconds.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../workbook/paths.js';

export function watchVitest(args: string[], env: Record<string, string | undefined>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'watch', ...args], { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 0));
  });
}
