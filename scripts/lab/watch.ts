/**
 * `npm run lab:N -- --watch`: vitest's watch mode. Its global set-up runs once
 * for the session, so the cluster (the dev cluster when one is up, else one
 * started for this session) stays up between runs and a save re-runs in seconds.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../workbook/paths.js';

/**
 * Runs vitest watch until it ends; a SIGTERM or SIGINT to this process goes on
 * to it, and it never outlives this process: left behind, a watch would hold
 * the test cluster (and its admin kubeconfig) for as long as the machine runs.
 */
export function watchVitest(args: string[], env: Record<string, string | undefined>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'watch', ...args], { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, ...env } });
    const passOn = (signal: NodeJS.Signals) => child.kill(signal);
    const stopChild = () => child.kill('SIGKILL');
    process.on('SIGTERM', passOn).on('SIGINT', passOn).on('exit', stopChild);
    child.on('error', reject);
    child.on('close', (code) => {
      process.off('SIGTERM', passOn).off('SIGINT', passOn).off('exit', stopChild);
      resolve(code ?? 0);
    });
  });
}
