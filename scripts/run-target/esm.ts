import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../workbook/paths.js';

const registerScript = join(repoRoot, 'scripts', 'run-target', 'register.mjs');

/** A folder outside the workbook has no "type": "module" above it and no node_modules: it needs the hooks. */
export function needsEsmHooks(targetDir: string): boolean {
  const path = relative(repoRoot, targetDir);
  return path.startsWith('..') || path === targetDir;
}

/**
 * How to run a target's main.ts as its own process: `node <args> main.ts`
 * with `env` added. For a folder outside the workbook, the hooks in
 * esm-hooks.mjs load its .ts files as ES modules and find the workbook's packages.
 */
export function targetNodeArgs(targetDir: string): { args: string[]; env: Record<string, string> } {
  if (!needsEsmHooks(targetDir)) return { args: ['--import', 'tsx'], env: {} };
  return { args: ['--import', 'tsx', '--import', registerScript], env: { BARE_ESM_ROOT: targetDir } };
}

/** The same, inside this process (already running under tsx): before importing a target's main.ts. */
export async function useEsmHooksFor(targetDir: string): Promise<void> {
  if (!needsEsmHooks(targetDir)) return;
  process.env.BARE_ESM_ROOT = targetDir;
  await import(pathToFileURL(registerScript).href);
}
