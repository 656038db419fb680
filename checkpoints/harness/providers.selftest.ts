import { describe, expect, it } from 'vitest';
import { dockerAvailable, k3sImageObtainable, startK3s } from '../../scripts/cluster/k3s.js';

describe('cluster providers', () => {
  it('k3s starts in Docker and answers (needs a Docker engine)', async (context) => {
    if (!(await dockerAvailable())) {
      const reason = 'no Docker engine answers on this machine, so the k3s provider cannot start here';
      process.stderr.write(`[self-test skipped] k3s: ${reason}\n`);
      context.skip(reason);
    }
    const image = await k3sImageObtainable();
    if (!image.ok) {
      process.stderr.write(`[self-test skipped] k3s: ${image.why}\n`);
      context.skip(image.why);
    }
    const cluster = await startK3s({ runId: 'selftest' });
    try {
      expect(cluster.info.kubeconfig).toContain('server:');
    } finally {
      await cluster.stop();
    }
  }, 300_000);
});
