import { join } from 'node:path';
import { afterAll, describe, expect, it, type TestContext } from 'vitest';
import { docker, DockerError } from '../docker/docker.js';
import { dockerStatus } from '../docker/status.js';
import { imageSize } from './base-image.js';
import { buildControllerImage, type BuiltImage } from './build-image.js';
import { inspectImage } from './inspect-image.js';
import { repoRoot } from '../workbook/paths.js';

const status = await dockerStatus();
const inCi = process.env.CI === 'true';

/** Each Docker test: without Docker it skips saying why — except in CI, where Docker must run. */
function requireDocker(context: TestContext): void {
  if (status.usable) return;
  if (inCi) throw new Error(`${status.why} (CI must run scripts/docker/ensure-docker.sh before npm test.)`);
  process.stderr.write(`[test skipped] ${context.task.name}: ${status.why}\n`);
  context.skip(status.why);
}

/**
 * Size budget, measured on the local stand-in base (Debian bookworm minbase +
 * Node 24.21.0, 198.8 MB): the image was 205.0 MB, the bundle 6.2 MB. The
 * image may add at most 10 MB to its base (the bundle and nothing else), and
 * must stay under 260 MB in all, which also leaves room for node:24-slim.
 */
const addedBudget = 10e6;
const totalBudget = 260e6;

// An explicit tag, so removing it afterwards never removes an image `npm run image` built.
const testTag = `bare-controller/mirror-controller:unit-test-${process.pid}`;
const built: string[] = [];
afterAll(async () => {
  for (const tag of built) await docker(['rmi', tag]).catch(() => undefined);
});

describe('the controller image', () => {
  describe('built with Docker', () => {
    let solution: BuiltImage;

    it('builds solutions/ into a small, non-root image of Node and one bundled file', { timeout: 300_000 }, async (context) => {
      requireDocker(context);
      solution = await buildControllerImage({ targetDir: join(repoRoot, 'solutions'), tag: testTag, log: () => {} });
      built.push(solution.tag);
      const facts = await inspectImage(solution.tag);
      expect(facts.runsAsNumericNonRoot, `USER ${facts.user || '(none: root)'}`).toBe(true);
      expect(facts.hasNpm, 'npm or npx in the image').toBe(false);
      expect(facts.nodeModulesDirs, 'node_modules folders').toEqual([]);
      expect(facts.devTools, 'typescript, tsx or vitest').toEqual([]);
      expect(facts.appFiles).toEqual(['app/main.mjs']);
      expect(facts.entrypoint).toEqual(['node', '/app/main.mjs']);
      expect(facts.exposedPorts).toContain('8080/tcp');
      expect(solution.tag).not.toMatch(/:latest$/);
      expect(facts.sizeBytes - (await imageSize(solution.baseImage)), 'bytes added to the base image').toBeLessThan(addedBudget);
      expect(facts.sizeBytes, 'image size').toBeLessThan(totalBudget);
    });

    it('starts: with a bad flag the bundled main prints its usage and exits 2', { timeout: 60_000 }, async (context) => {
      requireDocker(context);
      expect(solution, 'the image from the test above').toBeDefined();
      const run = await docker(['run', '--rm', '--network', 'none', solution.tag, '--no-such-flag']).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(run).toBeInstanceOf(DockerError);
      expect((run as DockerError).message).toMatch(/exited with 2/);
      expect((run as DockerError).tail.join('\n')).toMatch(/Usage:/);
    });

    it('does not build a compliant image from the untouched labs/ skeleton', { timeout: 300_000 }, async (context) => {
      requireDocker(context);
      const outcome = await buildControllerImage({ targetDir: join(repoRoot, 'labs'), tag: `${testTag}-labs`, log: () => {} }).then(
        async (image) => {
          built.push(image.tag);
          return inspectImage(image.tag);
        },
        (error: Error) => error,
      );
      if (outcome instanceof Error) expect(outcome.message).toMatch(/08-deploy\/Dockerfile/);
      else expect(outcome.runsAsNumericNonRoot && !outcome.hasNpm, 'the skeleton image runs as a numeric non-root user without npm').toBe(false);
    });
  });
});
