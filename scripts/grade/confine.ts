/**
 * A second wall around graded code, where Linux lets us build one (root, and
 * `unshare`): each learner's checkpoint run gets a private mount namespace in
 * which the workbook is read-only, solutions/ and .git/ (whose objects hold
 * the solutions too) are empty, and so are the other learners' folders. The
 * static import check stops the obvious ways out; this stops the rest — a
 * file read by absolute path, a child process — from reaching an answer or
 * another learner's results.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from '../workbook/paths.js';

export type Confinement = { available: true } | { available: false; why: string };

let probed: Confinement | undefined;

export function confinement(): Confinement {
  if (probed) return probed;
  if (process.platform !== 'linux') probed = { available: false, why: `mount namespaces are Linux only (this is ${process.platform})` };
  else if (process.getuid?.() !== 0) probed = { available: false, why: 'mount namespaces need root' };
  else {
    const test = spawnSync('unshare', ['--mount', '--propagation', 'private', '--', 'sh', '-c', 'mount -t tmpfs -o ro,size=4k tmpfs /mnt'], { encoding: 'utf8' });
    probed = test.status === 0 ? { available: true } : { available: false, why: `unshare/mount failed: ${(test.stderr || test.error?.message || 'no output').trim().split('\n')[0]}` };
  }
  return probed;
}

/** The repository's git folders: .git (a file in a worktree) and the shared one it points to. */
function gitDirs(): string[] {
  const common = spawnSync('git', ['rev-parse', '--git-common-dir'], { cwd: repoRoot, encoding: 'utf8' });
  const dirs = [join(repoRoot, '.git'), ...(common.status === 0 ? [resolve(repoRoot, common.stdout.trim())] : [])];
  return [...new Set(dirs)].filter((dir) => existsSync(dir));
}

/** Where Vite and vitest write (a bundled config, a small cache): inside the namespace, private scratch space. */
const scratch = ['.vite', '.vite-temp'].map((dir) => join(repoRoot, 'node_modules', dir));

/**
 * The command line that runs `command` confined, or `command` itself where
 * confinement is not available. `hide` lists folders that must read as empty
 * (the other learners' homes).
 */
export function confined(command: string[], hide: string[]): string[] {
  if (!confinement().available) return command;
  for (const dir of scratch) mkdirSync(dir, { recursive: true });
  const q = (path: string) => `'${path.replace(/'/g, `'\\''`)}'`;
  const empty = (path: string) => (statSync(path).isDirectory() ? `mount -t tmpfs -o ro,size=4k tmpfs ${q(path)}` : `mount --bind /dev/null ${q(path)}`);
  const steps = [
    'set -e',
    // Read-only first; the masks then sit on top of the read-only tree.
    `mount --bind ${q(repoRoot)} ${q(repoRoot)}`,
    `mount -o remount,bind,ro ${q(repoRoot)}`,
    empty(join(repoRoot, 'solutions')),
    ...gitDirs().map(empty),
    ...scratch.map((dir) => `mount -t tmpfs -o size=64m tmpfs ${q(dir)}`),
    ...hide.filter((dir) => existsSync(dir)).map(empty),
    'exec "$@"',
  ];
  return ['unshare', '--mount', '--propagation', 'private', '--', 'sh', '-c', steps.join('\n'), 'confined', ...command];
}
