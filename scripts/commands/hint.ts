/**
 * npm run hint -- 1.6 — the next hint for a TODO: the concept first, then the
 * shape of the code, then a near-answer, from the course description. The
 * hints seen so far are shown again above the new one; how many is kept in
 * .progress/, and npm start counts them.
 */
import { findTodo, stages } from '../course/course.js';
import { hintsShown, recordHintsShown } from '../workbook/hints-shown.js';
import { nextStage } from '../workbook/next-step.js';

const usage = `Usage: npm run hint -- <TODO id>      the next hint for that TODO, e.g. npm run hint -- 1.6
       npm run hint -- <TODO id> --reset  start its hints over

The failing checkpoint's "Not written yet: 1.6 …" or "Look at: … TODO 1.6" names the id.`;

const argv = process.argv.slice(2);
if (argv.includes('-h') || argv.includes('--help')) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const id = argv.find((a) => !a.startsWith('-'));
const unknown = argv.find((a) => a.startsWith('-') && a !== '--reset');
if (!id || unknown) {
  const stage = nextStage() ?? stages[0]!;
  process.stderr.write(`${unknown ? `Unknown option: ${unknown}` : 'Name a TODO.'} Stage ${stage.number}'s are ${stage.todos.map((t) => t.id).join(', ')}.\n\n${usage}\n`);
  process.exit(2);
}
const found = findTodo(id);
if (!found) {
  process.stderr.write(`There is no TODO ${id}. TODO ids look like 1.6: stage, then number (${stages.map((s) => `${s.number}.1–${s.number}.${s.todos.length}`).join(', ')}).\n`);
  process.exit(2);
}
const { stage, todo } = found;
if (argv.includes('--reset')) {
  recordHintsShown(id, 0);
  process.stdout.write(`TODO ${id}: hints start over.\n`);
  process.exit(0);
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
