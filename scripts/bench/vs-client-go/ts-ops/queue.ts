import { RateLimitingQueue } from '../../../../solutions/03-workqueue/index.js';
import type { Figures, QueueWorkload } from '../protocol.js';

const queueKeys = 100_000;

/**
 * Key for key the workloads of client-go/queue.go, on the stage-3
 * RateLimitingQueue with client-go's default controller rate limiter:
 *   distinct: 100,000 keys added, added again (de-duplicated), then get/done each;
 *   hot:      100,000 adds over 1,000 keys in batches of 10,000, each batch drained.
 */
export async function queueThroughput(workload: QueueWorkload): Promise<Figures> {
  const q = new RateLimitingQueue<string>();
  try {
    if (workload === 'distinct') {
      const keys = Array.from({ length: queueKeys }, (_, i) => `namespace-${i % 100}/configmap-${i}`);
      const start = performance.now();
      for (const key of keys) q.add(key);
      for (const key of keys) q.add(key);
      for (let i = 0; i < keys.length; i++) {
        const { item } = await q.get();
        q.done(item!);
      }
      return { ms: performance.now() - start, adds: 2 * queueKeys, cycles: queueKeys };
    }
    const hot = Array.from({ length: 1_000 }, (_, j) => `namespace-${j % 10}/hot-${j}`);
    let cycles = 0;
    const start = performance.now();
    for (let i = 0; i < queueKeys; i++) {
      q.add(hot[(i * 7919) % hot.length]!);
      if ((i + 1) % 10_000 === 0) {
        while (q.len() > 0) {
          const { item } = await q.get();
          q.done(item!);
          cycles++;
        }
      }
    }
    return { ms: performance.now() - start, adds: queueKeys, cycles };
  } finally {
    q.shutDown();
  }
}
