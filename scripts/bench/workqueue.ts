/**
 * Work queue throughput: add/get/done cycles per second over 100,000 distinct
 * keys, for the stage-3 solution against the smallest correct baseline (a Set
 * for de-duplication and a head-indexed array), in the same run.
 * Goal: at least half the baseline's rate, and no O(n) step.
 */
import { pathToFileURL } from 'node:url';
import { Queue } from '../../solutions/03-workqueue/index.js';
import { formatReport, median, type BenchReport } from './report.js';

const keys = Array.from({ length: 100_000 }, (_, i) => `namespace-${i % 100}/configmap-${i}`);

/** The baseline: FIFO with de-duplication and nothing else. */
class BaselineQueue {
  private readonly items: string[] = [];
  private head = 0;
  private readonly queued = new Set<string>();
  add(key: string) {
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.items.push(key);
  }
  get(): string | undefined {
    const key = this.items[this.head++];
    if (key !== undefined) this.queued.delete(key);
    return key;
  }
  done(_key: string) {}
}

async function cyclesPerSecondOurs(): Promise<number> {
  const q = new Queue<string>();
  const start = performance.now();
  for (const key of keys) q.add(key);
  for (const key of keys) q.add(key); // duplicates: de-duplicated
  for (let i = 0; i < keys.length; i++) {
    const { item } = await q.get();
    q.done(item!);
  }
  return keys.length / ((performance.now() - start) / 1000);
}

async function cyclesPerSecondBaseline(): Promise<number> {
  const q = new BaselineQueue();
  const start = performance.now();
  for (const key of keys) q.add(key);
  for (const key of keys) q.add(key);
  for (let i = 0; i < keys.length; i++) {
    // Awaited like the real queue's get(), so both pay the same promise cost.
    const item = await Promise.resolve(q.get());
    q.done(item!);
  }
  return keys.length / ((performance.now() - start) / 1000);
}

export default async function bench(): Promise<BenchReport> {
  const ours: number[] = [];
  const base: number[] = [];
  for (let rep = 0; rep < 7; rep++) {
    // Alternate the order so neither side always gets the warmer JIT.
    if (rep % 2) ours.push(await cyclesPerSecondOurs()), base.push(await cyclesPerSecondBaseline());
    else base.push(await cyclesPerSecondBaseline()), ours.push(await cyclesPerSecondOurs());
  }
  const o = median(ours.slice(1));
  const b = median(base.slice(1));
  return {
    name: 'Work queue: add/get/done over 100,000 keys',
    rows: [
      { label: 'Queue (stage 3 solution), median', value: o, unit: 'cycles/s' },
      { label: 'baseline FIFO + Set, median', value: b, unit: 'cycles/s' },
    ],
    ratios: [{ label: 'Queue / baseline', value: o / b, goal: '≥ 0.5', ok: o / b >= 0.5, chart: { goal: 0.5 } }],
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.stdout.write(`${formatReport(await bench())}\n`);
