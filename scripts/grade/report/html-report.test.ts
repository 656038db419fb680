/**
 * The class report as a browser shows it (Debian's Chromium, headless): the
 * points match grades.csv, every learner × checkpoint has a cell, a failure's
 * message appears on click, and the page loads nothing from anywhere else.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckpointGrade, ClassGrades, LearnerGrade, StageGrade } from '../model.js';
import { chromiumMissing, launchChromium } from './headless.js';
import { writeReports } from './write.js';

const missing = chromiumMissing();
if (missing) process.stdout.write(`Skipping the class report's browser check: ${missing}.\n`);

const titles = ['lists', 'watches', 'relists on 410 <Gone> & "backs off"'];
const failure = 'Expected: after a 410 the reflector lists again\nLook at: labs/01-list-watch/reflector.ts — TODO 1.6\nWhat happened: 2 LIST requests, expected 1';

function stage(number: number, states: CheckpointGrade['state'][], status: StageGrade['status'] = 'ran'): StageGrade {
  const checkpoints = states.map((state, i) => ({
    file: `checkpoints/0${number}-x/1-x.test.ts`,
    title: titles[i]!,
    state,
    ...(state === 'failed' ? { message: failure, durationMs: 5 } : state === 'not-run' ? { message: 'folder missing' } : { durationMs: 5 }),
  }));
  const passed = states.filter((s) => s === 'passed').length;
  return { number, dir: `0${number}-x`, title: `Stage ${number}`, status, ...(status !== 'ran' ? { reason: 'folder missing' } : {}), details: [], checkpoints, points: passed, maxPoints: 3, durationMs: 10 };
}

function learner(name: string, stages: StageGrade[]): LearnerGrade {
  return { name, source: `/class/${name}`, stages, points: stages.reduce((s, g) => s + g.points, 0), maxPoints: 6 };
}

const grades: ClassGrades = {
  run: 'test-run',
  startedAt: new Date(0).toISOString(),
  durationMs: 1000,
  workbook: 'abc1234',
  cluster: 'envtest',
  safety: 'imports checked statically',
  ignored: [],
  similar: [
    {
      stage: '01-list-watch',
      left: 'cy',
      right: 'solutions/',
      similarity: 0.91,
      fragments: [{ left: { file: 'reflector.ts', from: 10, to: 11, lines: ['if (a) <b>', '  relist();'], todos: ['1.6'] }, right: { file: 'reflector.ts', from: 12, to: 13, lines: ['if (a) <b>', '  relist();'], todos: ['1.6'] } }],
    },
  ],
  learners: [
    learner('ada', [stage(1, ['passed', 'passed', 'passed']), stage(2, ['passed', 'passed', 'failed'])]),
    learner('bo', [stage(1, ['passed', 'failed', 'failed']), stage(2, ['not-run', 'not-run', 'not-run'], 'missing')]),
    learner('cy', [stage(1, ['passed', 'passed', 'failed']), stage(2, ['failed', 'passed', 'failed'])]),
  ],
};

describe.skipIf(missing !== undefined)('the class report in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bare-report-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('renders the numbers of grades.csv, a cell per checkpoint, and a failure message on click', { timeout: 60_000 }, async () => {
    const files = writeReports(dir, grades);
    const csv = readFileSync(files.csv, 'utf8').trim().split('\n').map((line) => line.split(','));
    const [header, ...rows] = csv as [string[], ...string[][]];

    const { browser, close } = await launchChromium();
    try {
      const page = await browser.newPage();
      const requested: string[] = [];
      page.on('request', (request) => requested.push(request.url()));
      await page.goto(pathToFileURL(files.html).href);
      expect(requested, 'the page is self-contained').toEqual([pathToFileURL(files.html).href]);

      const shown = await page.$$eval('td[data-points]', (cells) => cells.map((c) => [c.getAttribute('data-learner'), c.getAttribute('data-stage'), c.getAttribute('data-points')]));
      const fromCsv = rows.flatMap((row) => header.slice(1, -2).map((stageDir, i) => [row[0], stageDir, row[i + 1]]));
      expect(shown).toEqual(fromCsv);
      const totals = await page.$$eval('td[data-total]', (cells) => cells.map((c) => [c.getAttribute('data-learner'), c.textContent]));
      expect(totals).toEqual(rows.map((row) => [row[0], row.at(-2)]));

      expect(await page.locator('table.heat td').count()).toBe(3 * 6);
      // The checkpoint two of the three learners whose stage ran fail leads the list.
      expect(await page.locator('table.hard tr.most').first().innerText()).toContain('relists on 410 <Gone> & "backs off"');

      const cell = page.locator('details.c.fail[data-learner="bo"][data-checkpoint="watches"]');
      const message = cell.locator('.msg');
      expect(await message.isVisible()).toBe(false);
      await cell.locator('summary').click();
      expect(await message.isVisible()).toBe(true);
      expect(await message.innerText()).toContain('Look at: labs/01-list-watch/reflector.ts — TODO 1.6');

      // A flagged pair opens to its matching lines, side by side, escaped.
      const pair = page.locator('details.pair[data-left="cy"][data-right="solutions/"]');
      expect(await pair.locator('summary').innerText()).toBe('01-list-watch: cy and solutions/ — 91% shared (TODO 1.6)');
      await pair.locator('summary').click();
      expect(await pair.locator('.side td').allInnerTexts()).toEqual(['cy reflector.ts:10–11 · TODO 1.6\nif (a) <b>\n  relist();', 'solutions/ reflector.ts:12–13 · TODO 1.6\nif (a) <b>\n  relist();']);
    } finally {
      await close();
    }
  });
});
