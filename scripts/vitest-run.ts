import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './cluster/paths.js';

/**
 * Runs vitest in a child process (so each run gets a fresh module graph and
 * its own target alias) and resolves with its exit code.
 */
export function runVitest(args: string[], env: Record<string, string | undefined>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...args], {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

export const checkpointReporter = join(repoRoot, 'scripts', 'report', 'checkpoint-reporter.ts');
