/**
 * npm run lab:N — runs stage N's checkpoints against your code in labs/ and
 * says in plain words what is still missing.
 *
 *   npm run lab:1                       your code
 *   npm run solution -- 1               the reference solution
 *   npm run lab -- 1 --target <folder>  any folder laid out like labs/
 */
import { progressFile } from './progress.js';
import { stageByNumber, stages } from './stages.js';
import { resolveTarget } from './target.js';
import { checkpointReporter, runVitest } from './vitest-run.js';

function usage(message: string): never {
  process.stderr.write(`${message}\n\nUsage: npm run lab:N   (N = ${stages.map((s) => s.number).join(', ')})\n       npm run solution -- N\n       npm run lab -- N --target <folder>\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let target = 'labs';
const numbers: number[] = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  if (arg === '--target') target = args[++i] ?? usage('--target needs a folder: labs, solutions, or a path.');
  else if (/^\d+$/.test(arg)) numbers.push(Number(arg));
  else usage(`Unknown argument: ${arg}`);
}
if (numbers.length !== 1) usage('Name one stage.');

const stage = stageByNumber(numbers[0]!) ?? usage(`There is no stage ${numbers[0]}.`);
if (!stage.available) {
  const ready = stages.filter((s) => s.available).map((s) => `${s.number} (${s.title})`);
  process.stdout.write(`Stage ${stage.number} · ${stage.title} is not written yet. Stages you can run now: ${ready.join(', ')}.\n`);
  process.exit(2);
}

let targetDir: string;
try {
  targetDir = resolveTarget(target);
} catch (error) {
  usage((error as Error).message);
}

process.stdout.write(`\nStage ${stage.number} · ${stage.title}  (${stage.clientGoNames})\nTesting: ${targetDir}\n`);
if (stage.cluster) process.stdout.write('Starting a Kubernetes API server for the checkpoints (the very first run builds it: several minutes)…\n');
process.stdout.write('\n');

const resultsFile = progressFile(stage, target);
const code = await runVitest(['--project', 'checkpoints', `checkpoints/${stage.dir}/`, `--reporter=${checkpointReporter}`], {
  BARE_TARGET: targetDir,
  BARE_RESULTS_FILE: resultsFile,
  ...(stage.cluster ? {} : { BARE_CLUSTER: 'none' }),
  ...(stage.node ? { BARE_NODE: '1' } : {}),
});
if (code === 0) {
  const next = stages.find((s) => s.number > stage.number && s.available);
  process.stdout.write(next ? `\nStage ${stage.number} done. Next: npm run lab:${next.number}  (${next.title}, labs/${next.dir}/README.md)\n` : `\nStage ${stage.number} done.\n`);
} else {
  process.stdout.write(`\nRead labs/${stage.dir}/README.md, do the next TODO, and run npm run lab:${stage.number} again.\n`);
}
process.exit(code);
