/**
 * grades.csv: one row per learner, one column per stage with the points
 * earned, then the total and what it is out of. Spreadsheets and LMS
 * importers read it as is.
 */
import type { LearnerGrade } from '../model.js';

const cell = (value: string | number) => {
  const text = String(value);
  // Quote what CSV needs quoted, and defuse cells a spreadsheet would run as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function gradesCsv(learners: LearnerGrade[]): string {
  const stages = learners[0]?.stages ?? [];
  const rows = [['learner', ...stages.map((s) => s.dir), 'total', 'out_of']];
  for (const learner of learners) rows.push([learner.name, ...learner.stages.map((s) => String(s.points)), String(learner.points), String(learner.maxPoints)]);
  return `${rows.map((row) => row.map(cell).join(',')).join('\n')}\n`;
}
