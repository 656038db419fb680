/**
 * Where the workbook's commands live (one file each in scripts/commands/, named
 * as in package.json), and how a test runs one as npm would: under tsx, from the
 * repository root.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export const commandsDir = join(repoRoot, 'scripts', 'commands');

/** Every command's name: the .ts files of scripts/commands/ that are no test. */
export function commandNames(): string[] {
  return readdirSync(commandsDir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => file.replace(/\.ts$/, ''))
    .sort();
}

/** The program and arguments that run command `name` with `args`. */
export function commandLine(name: string, args: readonly string[] = []): [string, string[]] {
  return [process.execPath, [join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(commandsDir, `${name}.ts`), ...args]];
}
