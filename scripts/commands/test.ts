/**
 * npm test — proves the workbook works (the steps are listed in its --help).
 * One cluster serves the harness self-tests and all checkpoint passes; it has a
 * real node (kubelet + containerd) wherever one can run (Linux, root).
 */
// First: on native Windows, one sentence (WSL2 is the way) before anything else runs.
import '../supported-platform.js';
import type { Flags } from '../../solutions/00-common/flags.js';
import { defineCommand } from '../workbook/command.js';

const command = defineCommand({
  name: 'test',
  usage: ['npm test [-- --per-todo]   prove the workbook works, in six steps and a last check'],
  about: `  1. type check (tsc, TypeScript 7) of labs, solutions, checkpoints and scripts;
  2. unit tests of the tooling (labs/ is what labs:build writes, the course
     description matches the files, the skeletons' API is the solutions');
  3. every checkpoint against solutions/ — each must pass;
  4. every checkpoint against the untouched skeletons in labs/ — each must fail,
     or it is a checkpoint that cannot catch a missing implementation;
  5. the proof per TODO: solutions/ with only that TODO undone — the
     checkpoints that name it must fail;
  6. the node drill: a crashed run's node is cleaned up, a clean stop leaves nothing;
  and last: no process the run started is still running, no temp folder its runs made is left.`,
  flags: {
    'per-todo': { type: 'boolean', help: "step 5 also runs the stage's other checkpoints against each TODO undone\n(slower; CI does), to show what else it takes down" },
  } as const satisfies Flags,
  footer: 'It takes 6-10 minutes. One stage is quicker: npm run solution -- N, npm run lab:N.',
});
const { values } = command.parse();

await command.run(async () => {
  const { runSuite } = await import('../proof/suite.js');
  return runSuite({ everyCheckpointPerTodo: values['per-todo'] ?? false });
});
