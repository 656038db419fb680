/**
 * Where the workbook's commands live (one file each in scripts/commands/, named
 * as in package.json), and how a test runs one as npm would: under tsx, from the
 * repository root.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
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

export interface StartedCommand {
  child: ChildProcessWithoutNullStreams;
  /** stdout and stderr so far, as one text. */
  output(): string;
  /** Stops the command and everything it started (its process group), and resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts command `name` in a process group of its own, for a test that talks
 * to it while it runs (a --watch session). The test calls stop() in a finally:
 * the whole group goes, so no grandchild (vitest watch) outlives the test,
 * even when the test fails.
 */
export function startCommand(name: string, args: readonly string[], env: Record<string, string> = {}): StartedCommand {
  const [program, argv] = commandLine(name, args);
  const child = spawn(program, argv, { cwd: repoRoot, env: { ...process.env, ...env }, detached: true });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // The group is gone already.
    }
  };
  return {
    child,
    output: () => text,
    async stop() {
      signalGroup('SIGTERM');
      const late = setTimeout(() => signalGroup('SIGKILL'), 5_000);
      await closed;
      clearTimeout(late);
      // What ignored SIGTERM in the group, the leader's exit notwithstanding.
      signalGroup('SIGKILL');
    },
  };
}
