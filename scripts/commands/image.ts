/**
 * npm run image -- [--target labs|solutions|<folder>] [--tag name:tag]
 *
 * Builds the controller image from a target's stage 7 main.ts and stage 8
 * Dockerfile, and prints its tag, size and build time. Starts no cluster.
 */
import type { Flags } from '../../solutions/00-common/flags.js';
import { defineCommand, UsageError } from '../workbook/command.js';

const command = defineCommand({
  name: 'image',
  usage: ['npm run image -- [--target labs|solutions|<folder>] [--tag name:tag]   build the controller image'],
  about: "Builds stage 8's image from the target's code (labs by default) and prints its size. Starts no cluster.",
  flags: {
    target: { type: 'string', value: '<folder>', needs: 'a folder: labs, solutions, or a path.', help: 'whose code: labs (default), solutions, or a folder laid out like labs/' },
    tag: { type: 'string', value: '<name:tag>', help: "the image's tag (default: a hash of what goes into it, never :latest)" },
  } as const satisfies Flags,
});
const { values } = command.parse();

await command.run(async () => {
  const { resolveTarget } = await import('../workbook/target.js');
  const { buildControllerImage, ImageInputError } = await import('../image/build-image.js');
  const { inspectImage } = await import('../image/inspect-image.js');
  const { megabytes } = await import('../image/progress.js');
  let targetDir: string;
  try {
    targetDir = resolveTarget(values.target ?? 'labs', '--target');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  let built;
  try {
    built = await buildControllerImage({ targetDir, ...(values.tag ? { tag: values.tag } : {}) });
  } catch (error) {
    if (error instanceof ImageInputError) throw new UsageError(error.message);
    throw error;
  }
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
});
