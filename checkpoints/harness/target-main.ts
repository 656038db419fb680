import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { onTestFinished } from 'vitest';
import { targetNodeArgs } from '../../scripts/run-target/esm.js';
import { resolveTarget } from '../../scripts/workbook/target.js';
import { forwardTodoReached, reportTodoReachedArgs } from './child-todo.js';
import { StopWaiting } from './wait.js';

/**
 * Runs `<target>/<stage>/main.ts` as its own process, as a Deployment would,
 * with `kubeconfig` (its text) as its KUBECONFIG. Its stderr is kept line by
 * line; a TODO it reaches fails the checkpoint at once; it is killed when
 * the test ends (SIGCONT first, in case a test left it stopped).
 */
export function startTargetMain(stage: string, kubeconfig: string, args: string[], env: Record<string, string> = {}) {
  const file = join(mkdtempSync(join(tmpdir(), 'bc-main-')), 'kubeconfig');
  writeFileSync(file, kubeconfig, { mode: 0o600 });
  const target = resolveTarget();
  const node = targetNodeArgs(target);
  const child = spawn(process.execPath, [...node.args, ...reportTodoReachedArgs, join(target, stage, 'main.ts'), ...args], {
    env: { ...process.env, ...node.env, KUBECONFIG: file, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const lines: string[] = [];
  let buffered = '';
  child.stderr.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts);
    parts.forEach(forwardTodoReached);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  onTestFinished(async () => {
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited;
    rmSync(dirname(file), { recursive: true, force: true });
  });
  const tail = () => lines.slice(-8).join('\n');
  /** For a wait's condition: throws (ending the wait) once the process has exited, naming the TODO it stopped at if any. */
  const check = () => {
    if (child.exitCode === null) return;
    const notWritten = lines.map((l) => /NotImplementedError: (.*)/.exec(l)?.[1]).find(Boolean);
    throw new StopWaiting(notWritten ? `main.ts stopped at a TODO: ${notWritten}` : `main.ts exited with ${child.exitCode}:\n${tail()}`);
  };
  return { child, lines, exited, stdout: () => stdout, tail, check };
}
