/**
 * Learner copies that attack the grader, one per kind, on stage 3 (no
 * cluster, so a class of them grades in about a minute). Two shapes:
 *
 *   - reach: a finished copy (the solution) whose queue.ts first looks for
 *     something it must not reach and throws when it finds it. Full marks mean
 *     the sandbox held; 0 means it found it.
 *   - forge / harm: an untouched copy (the skeleton) that tries to score or to
 *     hurt the others anyway. It must score 0, and the honest learners beside
 *     it must keep every point.
 *
 * Honest learners in the same class: `honest` and one named like a report file.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../workbook/paths.js';

const copyOf = (from: 'solutions' | 'labs', to: string) => cpSync(join(repoRoot, from), to, { recursive: true, filter: (p) => !p.includes('node_modules') });

/** Code run when a checkpoint first imports the learner's queue.ts (imports are hoisted: prepending is enough). */
function prepend(dir: string, code: string): void {
  const file = join(dir, '03-workqueue', 'queue.ts');
  writeFileSync(file, `${code}\n${readFileSync(file, 'utf8')}`);
}

const fsImport = "import * as fs from 'node:fs';";
const found = (what: string) => `throw new Error(${JSON.stringify(`reached ${what}`)});`;
const workbook = JSON.stringify(repoRoot);

/** Probes: each throws when it reaches what the sandbox must keep out of reach. */
export const reachAttacks = {
  // Another process's root: outside our mount namespace, /proc/<pid>/root shows the whole disk.
  'proc-root': `${fsImport}
for (const pid of fs.readdirSync('/proc').filter((p) => /^\\d+$/.test(p))) {
  try { if (fs.existsSync(\`/proc/\${pid}/root\${${workbook}}/solutions\`)) ${found('solutions/ through /proc/<pid>/root')} } catch (e) { if ((e as Error).message.startsWith('reached')) throw e; }
}`,
  // Only our own processes: no vitest of another learner, no grader to kill.
  'sees-others': `${fsImport}
for (const pid of fs.readdirSync('/proc').filter((p) => /^\\d+$/.test(p))) {
  let line = ''; try { line = fs.readFileSync(\`/proc/\${pid}/cmdline\`, 'utf8'); } catch {}
  if (line.includes('grade.ts')) ${found('the grader among the processes in /proc')}
}`,
  'solutions-and-git': `${fsImport}
for (const path of ['solutions', '.git', 'labs/03-workqueue', 'reports']) if (fs.existsSync(\`\${${workbook}}/\${path}\`)) ${found('the workbook beyond what the checkpoints need')}`,
  // The grader's workspace holds every learner's copy and results.
  'other-learners': `${fsImport}
if (fs.readdirSync('/tmp').some((name) => name.startsWith('bare-grade-'))) ${found("the grading workspace, with the other learners' copies")}
if (fs.existsSync('/grade') && fs.readdirSync('/grade').some((name) => !['labs', 'out', 'node_modules', 'package.json'].includes(name))) ${found('more than its own copy in /grade')}`,
  'writes-workbook': `${fsImport}
for (const path of [\`\${${workbook}}/checkpoints/03-workqueue/1-queue.test.ts\`, \`\${${workbook}}/scripts/grade/run-stage.ts\`]) {
  try { fs.appendFileSync(path, ''); } catch { continue; }
  ${found('a writable workbook file')}
}`,
  // Root, or any capability (CAP_SYS_ADMIN: unmount what hides the rest).
  'root-or-capabilities': `${fsImport}
if (process.getuid?.() === 0) ${found('uid 0')}
const caps = /CapEff:\\s*([0-9a-f]+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '0';
if (BigInt(\`0x\${caps}\`) !== 0n) ${found('a capability')}`,
  // Tokens and kubeconfigs of the instructor's shell.
  'environment': `if (Object.keys(process.env).some((name) => /TOKEN|SECRET|PASSWORD|KUBECONFIG|AWS_|GITHUB_/.test(name))) ${found("the grader's credentials in the environment")}`,
} as const;

/** The skeleton plus code that tries to score, or to hurt the run, anyway. */
export const forgeAttacks = {
  // Full marks written into the results file, then the runner killed so nothing overwrites them.
  'forges-then-kills-runner': `${fsImport}
const dir = ${JSON.stringify(join(repoRoot, 'checkpoints', '03-workqueue'))};
const results = fs.readdirSync(dir).filter((f) => f.endsWith('.test.ts')).flatMap((f) =>
  [...fs.readFileSync(\`\${dir}/\${f}\`, 'utf8').matchAll(/checkpoint\\(\\s*'([^']+)'/g)].map((m) => ({ stage: '03-workqueue', file: \`checkpoints/03-workqueue/\${f}\`, title: m[1], state: 'passed', durationMs: 1 })));
fs.writeFileSync(process.env.BARE_RESULTS_FILE ?? '/tmp/x', JSON.stringify({ target: 'labs', startedAt: new Date().toISOString(), results, errors: [], finished: true }));
process.kill(process.ppid, 'SIGKILL');`,
  // The same forgery, then a hang: the run is stopped, and a stopped run's passes do not count.
  'forges-then-hangs': `${fsImport}
fs.writeFileSync(process.env.BARE_RESULTS_FILE ?? '/tmp/x', JSON.stringify({ target: 'labs', startedAt: new Date().toISOString(), results: [], errors: [], finished: true }));
for (;;) {}`,
  // Every process it can see, killed: inside its PID namespace that is only its own run.
  'kills-everything': `${fsImport}
for (const pid of fs.readdirSync('/proc').filter((p) => /^\\d+$/.test(p)).map(Number)) if (pid !== process.pid) { try { process.kill(pid, 'SIGKILL'); } catch {} }`,
} as const;

export type AttackName = keyof typeof reachAttacks | keyof typeof forgeAttacks;

/** The class: honest learners, every attack, and a class entry that is a link to the workbook's solutions/. */
export function makeAttackClass(dir: string): { honest: string[]; reach: string[]; forge: string[]; links: string[] } {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const honest = ['honest', 'report.html'];
  for (const name of honest) copyOf('solutions', join(dir, name));
  for (const [name, code] of Object.entries(reachAttacks)) {
    copyOf('solutions', join(dir, name));
    prepend(join(dir, name), code);
  }
  for (const [name, code] of Object.entries(forgeAttacks)) {
    copyOf('labs', join(dir, name));
    prepend(join(dir, name), code);
  }
  symlinkSync(join(repoRoot, 'solutions'), join(dir, 'linked-solutions'), 'dir');
  mkdirSync(join(dir, 'linked-labs'));
  symlinkSync(join(repoRoot, 'solutions'), join(dir, 'linked-labs', 'labs'), 'dir');
  return { honest, reach: Object.keys(reachAttacks), forge: Object.keys(forgeAttacks), links: ['linked-solutions', 'linked-labs'] };
}
