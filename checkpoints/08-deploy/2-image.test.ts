import { describe, expect } from 'vitest';
import { inspectImage } from '../../scripts/image/inspect-image.js';
import { checkpoint } from '../harness/checkpoint.js';
import { todo } from '../harness/look.js';
import { controllerImage, requireDocker } from './fixture.js';

/** The image budget: Node's binary is ~127 MB, a slim Debian ~72 MB, the bundle ~6 MB (205 MB measured). */
export const imageBudgetMb = 260;

describe('8 · The image: your controller, non-root, nothing but Node and one bundle', () => {
  checkpoint(
    'the image builds from your code and runs as a non-root numeric user',
    {
      expect: 'docker build of your Dockerfile (with BASE_IMAGE and a context holding dist/main.mjs) succeeds; the image\'s USER is a number other than 0, so Kubernetes can check runAsNonRoot; its entrypoint runs node on the bundle',
      look: todo('8.1', '8.2'),
    },
    async (context) => {
      await requireDocker(context);
      const facts = await inspectImage((await controllerImage()).tag);
      expect(facts.runsAsNumericNonRoot, `USER is "${facts.user}": it must be a number other than 0, e.g. 65532`).toBe(true);
      expect(facts.entrypoint.join(' '), 'the entrypoint runs the bundle with node').toMatch(/node.*main\.mjs/);
    },
    300_000,
  );

  checkpoint(
    `the image holds Node and the bundle only: no npm, no node_modules, no dev tools, under ${imageBudgetMb} MB`,
    {
      expect: `no npm or npx in the image, no node_modules folder, no typescript/tsx/vitest, and at most ${imageBudgetMb} MB in all`,
      look: todo('8.1', 'copy only dist/; and remove what the base image brings that production does not need, TODO 8.2'),
    },
    async (context) => {
      await requireDocker(context);
      const facts = await inspectImage((await controllerImage()).tag);
      expect(facts.hasNpm, 'npm or npx is in the image').toBe(false);
      expect(facts.nodeModulesDirs, 'node_modules folders in the image').toEqual([]);
      expect(facts.devTools, 'development tools in the image').toEqual([]);
      expect(Math.round(facts.sizeBytes / 1e6), `the image's size in MB (budget ${imageBudgetMb})`).toBeLessThanOrEqual(imageBudgetMb);
    },
    300_000,
  );
});
