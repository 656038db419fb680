/**
 * .github/classroom/autograding.json: the same tests in the format of
 * Classroom's assignment editor (and of older Classroom workflows): one test
 * per stage, passing when `npm run lab:N` exits 0.
 */
import type { ClassroomStep } from './steps.js';

export function autogradingJson(steps: ClassroomStep[]): string {
  const tests = steps.map((step) => ({
    name: step.name,
    setup: '',
    run: step.command,
    input: '',
    output: '',
    comparison: 'included',
    timeout: step.timeout,
    points: step.points,
  }));
  return `${JSON.stringify({ tests }, null, 2)}\n`;
}
