import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../workbook/paths.js';
import { startCommand } from '../workbook/commands.js';

const scratch = mkdtempSync(join(tmpdir(), 'bare-watch-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Resolves once the output so far matches, or rejects after `ms` with what was seen. */
function waitForOutput(read: () => string, pattern: RegExp, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (pattern.test(read())) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > ms) {
        clearInterval(poll);
        reject(new Error(`no ${pattern} within ${ms} ms; output:\n${read()}`));
      }
    }, 100);
  });
}

describe('npm run lab:N -- --watch', () => {
  it('runs again when a file of the stage is saved, and counts the stage once, not once per run', { timeout: 120_000 }, async () => {
    // Stage 3 needs no cluster (stage 1 only for its given clock, stage 1 the shared given code); a folder outside the workbook, as a learner's copy may be.
    for (const dir of ['00-common', '01-list-watch', '03-workqueue']) cpSync(join(repoRoot, 'solutions', dir), join(scratch, dir), { recursive: true });
    const lab = startCommand('lab', ['3', '--watch', '--target', scratch, '--only', 'first in, first out'], { NO_COLOR: '1' });
    try {
      await waitForOutput(lab.output, /1 of 1 checkpoints pass/, 90_000);
      const firstRun = lab.output().length;
      appendFileSync(join(scratch, '03-workqueue', 'queue.ts'), '\n// saved again\n');
      await waitForOutput(() => lab.output().slice(firstRun), /1 of 1 checkpoints pass/, 30_000);
      expect(lab.output()).not.toMatch(/2 of 2 checkpoints/);
    } finally {
      await lab.stop();
    }
  });
});
