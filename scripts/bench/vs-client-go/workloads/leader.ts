import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { median, type BenchReport } from '../../report.js';
import { Contender, type Side } from '../contender.js';
import { rotated, sleep, type Bench } from '../context.js';
import type { LeaseTimings } from '../protocol.js';

const rounds = 5;
const namespace = 'bench-cg-leader';
/** Short, client-go's proportions (15/10/2 s) scaled down; the same on both sides. */
const timings: LeaseTimings = { leaseMs: 2_000, renewMs: 1_500, retryMs: 500 };

/**
 * One round for one side, three processes of that side on one Lease:
 *   takeover: a leads, b follows; a is SIGKILLed — time until b leads.
 *   hand-over: c follows b; b is told to release — time until c leads.
 * Both clocked here, on arrival of the started-leading line.
 */
async function round(bench: Bench, side: Side, n: number): Promise<{ takeoverMs: number; handoverMs: number }> {
  const name = `lease-${side}-${n}`;
  const started: Contender[] = [];
  const candidate = async (identity: string) => {
    const c = Contender.start(side, bench.goBinary);
    started.push(c);
    await c.request({ op: 'elect', kubeconfig: bench.kubeconfig, namespace, name, identity, ...timings });
    return c;
  };
  try {
    const a = await candidate('a');
    await a.event('started-leading', 0, 10_000);
    const b = await candidate('b');
    await sleep(3 * timings.retryMs); // b has tried and seen a's renewals
    const killedAt = performance.now();
    a.kill();
    const takeover = await b.event('started-leading', killedAt, 4 * timings.leaseMs);

    const c = await candidate('c');
    await sleep(3 * timings.retryMs);
    const releasedAt = performance.now();
    const released = b.request({ op: 'release' });
    const handover = await c.event('started-leading', releasedAt, 4 * timings.leaseMs);
    await released;
    return { takeoverMs: takeover.at - killedAt, handoverMs: handover.at - releasedAt };
  } finally {
    await Promise.all(started.map((c) => c.close()));
  }
}

/**
 * Leader election: client-go's LeaderElector against the stage-5 one, same
 * Lease timings. Takeover after a crash is bounded by the lease duration,
 * hand-over after a release by one retry period; both sides should agree
 * within one retry period, since both judge expiry the same way.
 */
export async function leaderBench(bench: Bench): Promise<BenchReport> {
  const kc = new KubeConfig();
  kc.loadFromString(bench.kubeconfig);
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: namespace } } });
  const results: Record<Side, { takeoverMs: number[]; handoverMs: number[] }> = { go: { takeoverMs: [], handoverMs: [] }, ts: { takeoverMs: [], handoverMs: [] } };
  for (let n = 0; n < rounds; n++) {
    for (const side of rotated(['go', 'ts'] as const, n)) {
      const r = await round(bench, side, n);
      results[side].takeoverMs.push(r.takeoverMs);
      results[side].handoverMs.push(r.handoverMs);
    }
    bench.say(`leader election round ${n + 1}/${rounds}`);
  }
  const m = (side: Side, k: 'takeoverMs' | 'handoverMs') => median(results[side][k]);
  const compare = (k: 'takeoverMs' | 'handoverMs', what: string) => {
    const ts = m('ts', k);
    const go = m('go', k);
    return {
      label: `${what}: TS / Go`,
      value: ts / go,
      goal: `|TS − Go| ≤ ${timings.retryMs} ms`,
      ok: Math.abs(ts - go) <= timings.retryMs,
      // On the chart: the ratio at which TS would be one retry period behind.
      chart: { goal: (go + timings.retryMs) / go },
    };
  };
  const t = `lease ${timings.leaseMs / 1000} s, renew deadline ${timings.renewMs / 1000} s, retry ${timings.retryMs / 1000} s`;
  return {
    name: `Leader election, ${rounds} rounds per side (${t})`,
    rows: [
      { label: 'takeover after the leader is killed: TypeScript, median', value: m('ts', 'takeoverMs'), unit: 'ms' },
      { label: 'takeover after the leader is killed: client-go, median', value: m('go', 'takeoverMs'), unit: 'ms' },
      { label: 'hand-over after release: TypeScript, median', value: m('ts', 'handoverMs'), unit: 'ms' },
      { label: 'hand-over after release: client-go, median', value: m('go', 'handoverMs'), unit: 'ms' },
    ],
    ratios: [compare('takeoverMs', 'leader takeover after kill'), compare('handoverMs', 'leader hand-over after release')],
  };
}
