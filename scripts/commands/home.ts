/**
 * npm start — the workbook's home: where you are, stage by stage, and what to do next.
 * Reads the results your last `npm run lab:N` left in .progress/; starts nothing.
 */
import { join } from 'node:path';
import { defineCommand } from '../workbook/command.js';
import { stages, type Stage } from '../course/course.js';

const command = defineCommand({
  name: 'start',
  usage: ['npm start   where you are, stage by stage, and what to do next'],
  about: 'Reads the results your last npm run lab:N left in .progress/; starts nothing.',
  flags: {},
});
command.parse();

// Read and checked: now the parts that take a moment to load.
const { runningDevCluster } = await import('../cluster/dev-cluster.js');
const { hintsSummary } = await import('../workbook/hints-shown.js');
const { openTodos } = await import('../labs/open-todos.js');
const { count } = await import('../report/results.js');
const { lastRun, nextStepLines } = await import('../workbook/next-step.js');
const { repoRoot } = await import('../workbook/paths.js');

type Status = { label: string; detail: string; done: boolean };

/** The course's TODOs the learner has not written yet (a TODO spread over several places counts once). */
function todosLeft(stage: Stage): number {
  return openTodos(stage).length;
}

function status(stage: Stage): Status {
  if (!stage.available) return { label: 'coming', detail: 'not written yet', done: false };
  const run = lastRun(stage);
  const todos = todosLeft(stage);
  if (!run) return { label: todos > 0 ? 'not started' : 'not run', detail: todos > 0 ? `${todos} TODO${todos === 1 ? '' : 's'} in labs/${stage.dir}` : `run npm run lab:${stage.number}`, done: false };
  const { passed } = count(run.results);
  const total = run.results.length;
  const when = run.at.toISOString().slice(0, 16).replace('T', ' ');
  if (passed === total && run.errors.length === 0) return { label: 'passed', detail: `${passed}/${total} checkpoints, ${when}`, done: true };
  // A run of the untouched skeleton fails everything, but nothing is failing yet: no TODO is written.
  const untouched = passed === 0 && todos === stage.todos.length;
  return { label: untouched ? 'not started' : passed === 0 ? 'failing' : 'in progress', detail: `${passed}/${total} checkpoints, ${when}`, done: false };
}

await command.run(() => {
  const rows = stages.map((stage) => ({ stage, ...status(stage) }));
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out();
  out('Bare Controller — build client-go from scratch, then run it');
  out();
  out('  #  Stage                              Status        Last run');
  out('  ─  ─────────────────────────────────  ────────────  ──────────────────────────');
  for (const { stage, label, detail } of rows) out(`  ${stage.number}  ${stage.title.padEnd(33)}  ${label.padEnd(12)}  ${detail}`);
  out();
  // The lab run's footer says the same: one function decides.
  for (const line of nextStepLines()) out(line);
  const hints = hintsSummary();
  out();
  out(hints ? `Hints used: ${hints}. More: npm run hint -- <TODO id>` : 'Stuck on a TODO? npm run hint -- <TODO id> shows a hint, one step at a time.');
  const dev = runningDevCluster();
  out();
  out(dev ? `Dev cluster running: export KUBECONFIG=${join(repoRoot, '.cluster', 'kubeconfig')}` : 'Want kubectl next to your code? npm run cluster:up');
  out();
});
