import { median, type BenchReport } from '../../report.js';
import { Contender } from '../contender.js';
import { rotated, type Bench } from '../context.js';
import type { QueueWorkload } from '../protocol.js';

const rounds = 7;

/**
 * Work-queue throughput, each side in its own process: client-go's
 * NewTypedRateLimitingQueue (default controller rate limiter) against the
 * stage-3 RateLimitingQueue, same keys, same order of calls. Both processes
 * live through all rounds; the first round (JIT warm-up) is dropped.
 */
export async function queueBench(bench: Bench): Promise<BenchReport> {
  const go = Contender.start('go', bench.goBinary);
  const ts = Contender.start('ts', bench.goBinary);
  try {
    const perSecond: Record<QueueWorkload, { go: number[]; ts: number[] }> = { distinct: { go: [], ts: [] }, hot: { go: [], ts: [] } };
    for (let round = 0; round < rounds; round++) {
      for (const workload of ['distinct', 'hot'] as const) {
        for (const contender of rotated([go, ts], round)) {
          const { ms, adds, cycles } = await contender.request({ op: 'queue', workload });
          // distinct: add/get/done cycles per second; hot: add() calls per second (most are de-duplicated).
          const work = workload === 'distinct' ? cycles! : adds!;
          if (round > 0) perSecond[workload][contender.side].push(work / (ms! / 1000));
        }
      }
      bench.say(`queue round ${round + 1}/${rounds}`);
    }
    const m = (w: QueueWorkload, side: 'go' | 'ts') => median(perSecond[w][side]);
    const ratio = (w: QueueWorkload) => m(w, 'ts') / m(w, 'go');
    return {
      name: 'Work queue throughput: stage-3 RateLimitingQueue vs client-go workqueue.NewTypedRateLimitingQueue',
      rows: [
        { label: '100,000 distinct keys: TypeScript, median', value: m('distinct', 'ts'), unit: 'cycles/s' },
        { label: '100,000 distinct keys: client-go, median', value: m('distinct', 'go'), unit: 'cycles/s' },
        { label: '100,000 adds over 1,000 hot keys: TypeScript', value: m('hot', 'ts'), unit: 'adds/s' },
        { label: '100,000 adds over 1,000 hot keys: client-go', value: m('hot', 'go'), unit: 'adds/s' },
      ],
      ratios: (['distinct', 'hot'] as const).map((w) => ({
        label: `queue throughput, ${w === 'distinct' ? '100k distinct keys' : '100k adds / 1k hot keys'}: TS / Go`,
        value: ratio(w),
        goal: '≥ 0.5',
        ok: ratio(w) >= 0.5,
        chart: { goal: 0.5 },
      })),
    };
  } finally {
    await Promise.all([go.close(), ts.close()]);
  }
}
