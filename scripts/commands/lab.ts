/**
 * npm run lab:N — runs stage N's checkpoints against your code in labs/ and
 * says in plain words what is still missing. `npm run lab -- --help` lists
 * the options (--only, --all, --watch, --target).
 */
// First: on native Windows, one sentence (WSL2 is the way) before anything else runs.
import '../supported-platform.js';
import { stageByNumber, stages } from '../course/course.js';
import { labCommand, parseLabArgs } from '../lab/args.js';
import { UsageError } from '../workbook/command.js';

const args = parseLabArgs(process.argv.slice(2));

await labCommand.run(async () => {
  const stage = stageByNumber(args.stage);
  if (!stage) throw new UsageError(`There is no stage ${args.stage}: the stages are ${stages.map((s) => s.number).join(', ')}.`);
  if (!stage.available) {
    const ready = stages.filter((s) => s.available).map((s) => `${s.number} (${s.title})`);
    throw new UsageError(`Stage ${stage.number} · ${stage.title} is not written yet. Stages you can run now: ${ready.join(', ')}.`);
  }
  // Read and checked: now the parts that take a moment to load.
  const { runLab } = await import('../lab/run-lab.js');
  return runLab(stage, args);
});
