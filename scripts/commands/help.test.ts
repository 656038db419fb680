/**
 * Every command in scripts/commands/ (each a script of package.json): --help
 * prints the usage on stdout, exits 0 and starts nothing; a flag it does not
 * know is one sentence and the next step, exit 2. The list is the folder, so a
 * new command is checked the day it lands.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { commandLine, commandNames } from '../workbook/commands.js';
import { repoRoot } from '../workbook/paths.js';

const run = (name: string, args: string[]) => spawnSync(...commandLine(name, args), { cwd: repoRoot, encoding: 'utf8', timeout: 25_000, env: { ...process.env, NO_COLOR: '1' } });

/** They pass every other flag on (to kubectl, to the controller's main.ts), which refuses it there. */
const passesFlagsOn = new Set(['kubectl', 'controller']);

describe('every command answers --help, and refuses a flag it does not know', () => {
  it('the commands folder holds the scripts of package.json', () => {
    expect(commandNames()).toEqual(expect.arrayContaining(['lab', 'test', 'lab-reset', 'grade', 'hint', 'cluster']));
  });

  // Each is a tsx start: well over vitest's default 5 s when the machine is busy.
  it.each(commandNames())('%s', { timeout: 60_000 }, (name) => {
    const help = run(name, ['--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm /);
    expect(help.stdout).toContain('-h, --help');
    expect(help.stdout).not.toMatch(/no summary/);
    if (passesFlagsOn.has(name)) return;
    const wrong = run(name, ['--no-such-flag']);
    expect(wrong.status, wrong.stdout + wrong.stderr).toBe(2);
    expect(wrong.stderr).toMatch(/^Unknown option --no-such-flag\.\nnpm run \S+ -- --help lists what it takes\.\n$/);
  });
});
