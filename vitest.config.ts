import { defineConfig } from 'vitest/config';
import { PathOrderSequencer } from './scripts/report/path-order-sequencer.js';
import { resolveTarget } from './scripts/workbook/target.js';

const target = resolveTarget();

export default defineConfig({
  resolve: {
    // `@stage/01-list-watch/index.js` is the learner's code, the solution, or a graded copy.
    alias: [{ find: /^@stage\/(.*)$/, replacement: `${target}/$1` }],
  },
  test: {
    // A learner reads the whole array or object a checkpoint expected, never `[ …(3) ]`.
    chaiConfig: { truncateThreshold: 0 },
    // Files run in path order: stage 01 before 02, the order a learner works in.
    sequence: { sequencer: PathOrderSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Tests of the tooling, and of given code in solutions/ that no checkpoint can fail on.
          include: ['scripts/**/*.test.ts', 'checkpoints/harness/**/*.test.ts', 'solutions/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          // The harness checks itself against the real cluster it gives the checkpoints.
          name: 'harness',
          include: ['checkpoints/harness/**/*.selftest.ts'],
          globalSetup: ['checkpoints/harness/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // One node per machine: npm test runs this when its own cluster has stopped.
          name: 'node-drill',
          include: ['scripts/**/*.drill.ts'],
          testTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'checkpoints',
          include: ['checkpoints/[0-9]*/**/*.test.ts'],
          globalSetup: ['checkpoints/harness/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Checkpoints share one cluster and measure requests and timing of real
          // watches; two files at once on two cores would only make them flaky.
          fileParallelism: false,
        },
      },
    ],
  },
});
