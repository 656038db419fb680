import { spawnSync } from 'node:child_process';

export interface RunOptions {
  input?: string | Buffer;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Return stdout even when the command fails (for clean-up steps where "not there" is fine). */
  allowFailure?: boolean;
}

/** Runs a command to completion; throws with its stderr when it fails. Returns stdout. */
export function run(command: string, args: string[], options: RunOptions = {}): string {
  const result = spawnSync(command, args, { encoding: 'utf8', input: options.input, cwd: options.cwd, env: options.env, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) {
    if (options.allowFailure) return '';
    throw new Error(`${command}: ${result.error.message}`);
  }
  if (result.status !== 0 && !options.allowFailure) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}): ${result.stderr.trim().split('\n').slice(-5).join('\n')}`);
  }
  return result.stdout;
}

/** True when the command exits 0. */
export function succeeds(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return !result.error && result.status === 0;
}
