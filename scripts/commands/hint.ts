/**
 * npm run hint -- 1.6 — the next hint for a TODO: the concept first, then the
 * shape of the code, then a near-answer, from the course description. The
 * hints seen so far are shown again above the new one; how many is kept in
 * .progress/, and npm start counts them.
 */
import type { Flags } from '../../solutions/00-common/flags.js';
import { findTodo, stages } from '../course/course.js';
import { defineCommand, UsageError } from '../workbook/command.js';
import { hintsShown, recordHintsShown } from '../workbook/hints-shown.js';
import { nextStage } from '../workbook/next-step.js';

const command = defineCommand({
  name: 'hint',
  usage: ['npm run hint -- <TODO id>           the next hint for that TODO, e.g. npm run hint -- 1.6', 'npm run hint -- <TODO id> --reset   start its hints over'],
  about: 'The failing checkpoint\'s "Not written yet: 1.6 …" or "Look at: … TODO 1.6" names the id.',
  flags: { reset: { type: 'boolean', help: "start the TODO's hints over" } } as const satisfies Flags,
  positionals: true,
});
const { values, positionals } = command.parse();

await command.run(() => {
  const [id, extra] = positionals;
  if (!id || extra !== undefined) {
    const stage = nextStage() ?? stages[0]!;
    throw new UsageError(`${id ? 'Name one TODO.' : 'Name a TODO.'} Stage ${stage.number}'s are ${stage.todos.map((t) => t.id).join(', ')}.`);
  }
  const found = findTodo(id);
  if (!found) throw new UsageError(`There is no TODO ${id}. TODO ids look like 1.6: stage, then number (${stages.map((s) => `${s.number}.1–${s.number}.${s.todos.length}`).join(', ')}).`);
  const { stage, todo } = found;
  if (values.reset) {
    recordHintsShown(id, 0);
    process.stdout.write(`TODO ${id}: hints start over.\n`);
    return;
  }

  const seen = Math.min(hintsShown()[id] ?? 0, todo.hints.length);
  const now = Math.min(seen + 1, todo.hints.length);
  recordHintsShown(id, now);
  const kinds = ['the idea', 'the shape of the code', 'nearly the answer'];
  const out: string[] = [``, `TODO ${id} · labs/${stage.dir}/${todo.file} · ${todo.symbol}`, `  ${todo.what}`, ``];
  todo.hints.slice(0, now).forEach((hint, i) => {
    out.push(`Hint ${i + 1} of ${todo.hints.length} (${kinds[i] ?? 'more'})${i < seen ? ', seen before' : ''}:`, `  ${hint}`, ``);
  });
  out.push(now < todo.hints.length ? `Still stuck? npm run hint -- ${id} gives hint ${now + 1}.` : `That was the last hint. The reference: solutions/${stage.dir}/${todo.file} (npm run solution -- ${stage.number} runs it).`);
  process.stdout.write(`${out.join('\n')}\n`);
});
