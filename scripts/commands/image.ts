/**
 * npm run image -- [--target labs|solutions|<folder>] [--tag name:tag]
 *
 * Builds the controller image from a target's stage 7 main.ts and stage 8
 * Dockerfile, and prints its tag, size and build time. Starts no cluster.
 */
import { resolveTarget } from '../workbook/target.js';
import { buildControllerImage, ImageInputError } from '../image/build-image.js';
import { inspectImage } from '../image/inspect-image.js';
import { megabytes } from '../image/progress.js';

const usage = 'Usage: npm run image -- [--target labs|solutions|<folder>] [--tag name:tag]';
const fail = (message: string, code = 2): never => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${usage}\n\nBuilds stage 8's image from the target's code (labs by default) and prints its size.\n`);
  process.exit(0);
}
const flags: Record<string, string> = {};
for (let i = 0; i < args.length; i++) {
  const [flag, inline] = args[i]!.split('=', 2) as [string, string | undefined];
  if (flag !== '--target' && flag !== '--tag') fail(`unknown argument ${args[i]}\n${usage}`);
  const value = inline ?? args[++i];
  if (!value) fail(`${flag} needs a value\n${usage}`);
  flags[flag] = value!;
}

let targetDir = '';
try {
  targetDir = resolveTarget(flags['--target'] ?? 'labs', '--target');
} catch (error) {
  fail((error as Error).message);
}

try {
  const built = await buildControllerImage({ targetDir, ...(flags['--tag'] ? { tag: flags['--tag'] } : {}) });
  const facts = await inspectImage(built.tag);
  process.stdout.write(
    [
      `image  ${built.tag}`,
      `size   ${megabytes(built.sizeBytes)} (bundle ${megabytes(built.bundleBytes)}, base ${built.baseImage})`,
      `time   ${built.seconds.toFixed(1)} s`,
      `user   ${facts.user || 'root (none set)'}${facts.runsAsNumericNonRoot ? '' : '  ← not a numeric non-root user: runAsNonRoot will refuse it'}`,
      ...(facts.hasNpm ? ['npm    present  ← the controller never runs it'] : []),
      ...(facts.devTools.length > 0 ? [`dev tools  ${facts.devTools.join(', ')}  ← development only`] : []),
      ...(facts.nodeModulesDirs.length > 0 ? [`node_modules  ${facts.nodeModulesDirs.slice(0, 3).join(', ')}  ← the bundle needs none`] : []),
    ].join('\n') + '\n',
  );
} catch (error) {
  fail((error as Error).message, error instanceof ImageInputError ? 2 : 1);
}
