import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stages } from './course.js';
import { stageRegions } from '../labs/stage-regions.js';
import { missingSymbols } from '../labs/symbols.js';
import { repoRoot } from '../workbook/paths.js';

const available = stages.filter((s) => s.available);
const read = (...path: string[]) => readFileSync(join(repoRoot, ...path), 'utf8');

/** The rows of a markdown table that follows `heading`: its cells, without the header row and the rule. */
function tableAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n');
  const headingAt = lines.findIndex((line) => line.trim() === heading);
  const first = lines.findIndex((line, i) => i > headingAt && line.startsWith('|'));
  if (headingAt < 0 || first < 0) return [];
  const end = lines.findIndex((line, i) => i > first && !line.startsWith('|'));
  return lines
    .slice(first + 2, end < 0 ? undefined : end)
    .map((row) => row.split('|').slice(1, -1).map((cell) => cell.trim()));
}

describe('the course description (scripts/course/course.ts) matches the workbook', () => {
  it.each(available.map((s) => [s.dir, s]))('%s: every TODO has its file in labs/ and solutions/, its symbols in the solution, and a lab:todo region there', (dir, stage) => {
    const regions = stageRegions(dir);
    for (const todo of stage.todos) {
      for (const root of ['labs', 'solutions']) expect(existsSync(join(repoRoot, root, dir, todo.file)), `TODO ${todo.id}: ${root}/${dir}/${todo.file}`).toBe(true);
      expect(missingSymbols(todo.file, read('solutions', dir, todo.file), todo.symbol), `TODO ${todo.id}: symbols not found in solutions/${dir}/${todo.file}`).toEqual([]);
      expect(regions.some((r) => r.file === todo.file && r.region.id === todo.id), `TODO ${todo.id}: no "lab:todo ${todo.id}" region in solutions/${dir}/${todo.file}`).toBe(true);
    }
  });

  it.each(available.map((s) => [s.dir, s]))('%s: every lab:todo region in solutions/ is a TODO of the course', (dir, stage) => {
    const ids = new Set(stage.todos.map((t) => t.id));
    for (const { file, region } of stageRegions(dir)) expect(ids.has(region.id), `solutions/${dir}/${file}:${region.line}: lab:todo ${region.id} is not in scripts/course/course.ts`).toBe(true);
  });

  it('ids are unique, numbered by their stage and in order; each TODO says what to write and gives at least two hints', () => {
    for (const stage of stages) {
      expect(stage.todos.map((t) => t.id), `stage ${stage.number}`).toEqual(stage.todos.map((_, i) => `${stage.number}.${i + 1}`));
      for (const todo of stage.todos) {
        expect(todo.what.trim(), `TODO ${todo.id}: what`).not.toBe('');
        expect(todo.hints.length, `TODO ${todo.id}: hints`).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('package.json has npm run lab:N for each stage, and no other', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    const labScripts = Object.fromEntries(Object.entries(scripts).filter(([name]) => /^lab:\d+$/.test(name)));
    expect(labScripts).toEqual(Object.fromEntries(stages.map((s) => [`lab:${s.number}`, `tsx scripts/commands/lab.ts ${s.number}`])));
  });

  it("the README's stage table has the course's stages, titles and lab READMEs", () => {
    const rows = tableAfter(read('README.md'), '## The stages');
    expect(rows.map((r) => [r[0], r[1]])).toEqual(stages.map((s) => [String(s.number), `[${s.title}](labs/${s.dir}/README.md)`]));
  });

  it.each(available.map((s) => [s.dir, s]))("labs/%s/README.md: its title and its steps table are the course's (id, file, what)", (dir, stage) => {
    const readme = read('labs', dir, 'README.md');
    expect(readme.split('\n')[0]).toBe(`# Stage ${stage.number} · ${stage.title}`);
    expect(tableAfter(readme, '## Steps')).toEqual(stage.todos.map((t) => [t.id, `\`${t.file}\``, t.what]));
  });
});
