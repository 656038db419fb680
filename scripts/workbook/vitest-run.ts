import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

/**
 * Runs vitest in a child process (so each run gets a fresh module graph and
 * its own target alias) and resolves with its exit code. `quiet` drops its
 * output, for callers that read the results file instead (npm test's per-TODO proof).
 */
export function runVitest(args: string[], env: Record<string, string | undefined>, { quiet = false } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...args], {
      cwd: repoRoot,
      stdio: quiet ? 'ignore' : 'inherit',
      env: { ...process.env, ...env },
    });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

export const checkpointReporter = join(repoRoot, 'scripts', 'report', 'checkpoint-reporter.ts');
