/** The grader's sandbox (scripts/grade/sandbox.ts): only instructors need it, so a missing layer is a note. */
import { sandboxLayers, sandboxUser } from '../grade/sandbox.js';
import { note, ok, type Check } from './check.js';

export function sandboxCheck(): Check {
  const { missing, account } = sandboxLayers();
  if (missing.length > 0) return note('Grading sandbox', `npm run grade would run learner code NOT sandboxed: ${missing.join('; ')}`);
  return ok('Grading sandbox', `bubblewrap answers; graded code runs as ${account ? `the unprivileged ${sandboxUser} account` : 'you (not root)'} in namespaces of its own`);
}
