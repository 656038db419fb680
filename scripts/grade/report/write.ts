/**
 * reports/<run>/:
 *   grades.csv              learner × stage points, total, out of
 *   report.html             the class report (self-contained)
 *   class.json              everything below, in one file
 *   learners/<learner>/results.json  the learner's grade, checkpoint by checkpoint
 *   learners/<learner>/junit.xml     the same as JUnit XML
 *   learners/<learner>/stage-N.log   the output of each checkpoint run
 *
 * Learners sit in a folder of their own, so no learner's name (report.html,
 * class.json) can land on a report file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClassGrades } from '../model.js';
import { gradesCsv } from './csv.js';
import { classReportHtml } from './html.js';
import { learnerJunit } from './junit.js';

export function writeReports(dir: string, grades: ClassGrades): { csv: string; html: string } {
  mkdirSync(dir, { recursive: true });
  for (const learner of grades.learners) {
    const own = join(dir, 'learners', learner.name);
    mkdirSync(own, { recursive: true });
    const { learners: _, ...run } = grades;
    writeFileSync(join(own, 'results.json'), `${JSON.stringify({ ...run, learner }, null, 2)}\n`);
    writeFileSync(join(own, 'junit.xml'), learnerJunit(learner));
  }
  const csv = join(dir, 'grades.csv');
  const html = join(dir, 'report.html');
  writeFileSync(csv, gradesCsv(grades.learners));
  writeFileSync(html, classReportHtml(grades));
  writeFileSync(join(dir, 'class.json'), `${JSON.stringify(grades, null, 2)}\n`);
  return { csv, html };
}
