import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { median, type BenchReport } from '../../report.js';
import { Contender, type Side } from '../contender.js';
import { rotated, type Bench } from '../context.js';
import { deployedNodeFlags } from '../deployed-node-flags.js';

const sizes = [5_000, 20_000] as const;
const rounds = 5;

/**
 * The contenders. client-go v0.36 informers start with a streaming watch-list
 * (WatchListClient is on by default since 1.35); "go-list" turns that off to
 * show client-go doing what the stage-1 reflector does: one LIST, then WATCH.
 * "ts" runs with the Node flags of stage 8's Deployment, as the controller
 * runs in the cluster: among them a young generation of 2 MiB a semi-space.
 * "ts-v8-default" shows why: without it V8 grows its young generation to
 * 32 MiB during a big LIST and keeps it — heap the process holds that is not
 * the cache.
 */
const contenders = {
  ts: { side: 'ts', env: {}, flags: deployedNodeFlags(), name: 'TypeScript' },
  'ts-v8-default': { side: 'ts', env: {}, flags: [], name: "TypeScript, V8's default young generation" },
  go: { side: 'go', env: {}, flags: [], name: 'client-go (watch-list)' },
  'go-list': { side: 'go', env: { KUBE_FEATURE_WatchListClient: 'false' }, flags: [], name: 'client-go (LIST)' },
} as const satisfies Record<string, { side: Side; env: NodeJS.ProcessEnv; flags: readonly string[]; name: string }>;
type Who = keyof typeof contenders;

interface Sample {
  ms: number;
  rssMiB: number;
  /** Each runtime's own live-heap count: explains RSS, is not compared across runtimes. */
  heapMiB: number;
}

const namespaceFor = (size: number) => `bench-cg-informer-${size}`;

/** ConfigMaps as the older informer bench makes them: ten app labels, 200 bytes of data, managedFields from the server. */
async function fill(core: CoreV1Api, namespace: string, size: number, say: (line: string) => void): Promise<void> {
  await core.createNamespace({ body: { metadata: { name: namespace } } });
  const batch = 100;
  for (let i = 0; i < size; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, size - i) }, (_, j) =>
        core.createNamespacedConfigMap({ namespace, body: { metadata: { name: `cm-${i + j}`, labels: { app: `app-${(i + j) % 10}` } }, data: { key: 'x'.repeat(200) } } }),
      ),
    );
    if ((i + batch) % 5_000 === 0) say(`created ${(i + batch).toLocaleString('en-US')} of ${size.toLocaleString('en-US')} ConfigMaps`);
  }
}

const warmUp = { namespace: 'bench-cg-informer-warm-up', size: 100 };

/**
 * One fresh process: a warm-up sync of 100 ConfigMaps (TLS, code paths, JIT —
 * costs paid once per process whatever the cache size), then the measured
 * sync: RSS before (settled heap), time to synced, RSS with the full cache (settled).
 */
async function syncOnce(bench: Bench, who: Who, size: number, transform: boolean): Promise<Sample> {
  const contender = Contender.start(contenders[who].side, bench.goBinary, contenders[who].env, contenders[who].flags);
  try {
    await contender.request({ op: 'informer-sync', kubeconfig: bench.kubeconfig, namespace: warmUp.namespace, transform });
    await contender.request({ op: 'informer-stop' });
    const heapBefore = (await contender.request({ op: 'gc' })).heapMiB!;
    const before = contender.rssMiB();
    const { ms, size: cached } = await contender.request({ op: 'informer-sync', kubeconfig: bench.kubeconfig, namespace: namespaceFor(size), transform });
    // size + 1: every namespace also holds kube-root-ca.crt.
    if (cached! < size) throw new Error(`${who}: cache holds ${cached} of ${size}`);
    const heapAfter = (await contender.request({ op: 'gc' })).heapMiB!;
    const after = contender.rssMiB();
    await contender.request({ op: 'informer-stop' });
    return { ms: ms!, rssMiB: after - before, heapMiB: heapAfter - heapBefore };
  } finally {
    await contender.close();
  }
}

/**
 * Informer initial sync, each measured sync in a fresh process (so one round's
 * garbage never lowers the next round's RSS growth), after a small warm-up
 * sync: time to HasSynced and the growth of VmRSS, with and without the
 * managedFields-stripping transform on both sides.
 */
export async function informerBench(bench: Bench): Promise<BenchReport> {
  const kc = new KubeConfig();
  kc.loadFromString(bench.kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  await fill(core, warmUp.namespace, warmUp.size, bench.say);
  for (const size of sizes) {
    await fill(core, namespaceFor(size), size, bench.say);
    // One LIST first, so the first measured sync does not pay for a cold watch cache.
    await core.listNamespacedConfigMap({ namespace: namespaceFor(size) });
  }

  const samples = new Map<string, Sample[]>();
  const key = (who: Who, size: number, transform: boolean) => `${who}/${size}/${transform}`;
  for (let round = 0; round < rounds; round++) {
    for (const size of sizes) {
      for (const transform of [false, true]) {
        for (const who of rotated(Object.keys(contenders) as Who[], round)) {
          const list = samples.get(key(who, size, transform)) ?? [];
          list.push(await syncOnce(bench, who, size, transform));
          samples.set(key(who, size, transform), list);
        }
      }
    }
    bench.say(`informer round ${round + 1}/${rounds}`);
  }

  const med = (who: Who, size: number, transform: boolean, k: keyof Sample) => median(samples.get(key(who, size, transform))!.map((s) => s[k]));
  const rows: BenchReport['rows'] = [];
  const ratios: BenchReport['ratios'] = [];
  for (const size of sizes) {
    for (const transform of [false, true]) {
      const what = `${size.toLocaleString('en-US')}${transform ? ', stripped' : ''}`;
      for (const who of Object.keys(contenders) as Who[]) {
        const { name } = contenders[who];
        rows.push({ label: `${what}: ${name} sync, median`, value: med(who, size, transform, 'ms'), unit: 'ms' });
        rows.push({ label: `${what}: ${name} RSS growth`, value: med(who, size, transform, 'rssMiB'), unit: 'MiB' });
        rows.push({ label: `${what}: ${name} live heap growth`, value: med(who, size, transform, 'heapMiB'), unit: 'MiB' });
      }
      const time = med('ts', size, transform, 'ms') / med('go', size, transform, 'ms');
      const memory = med('ts', size, transform, 'rssMiB') / med('go', size, transform, 'rssMiB');
      ratios.push({ label: `informer sync ${what}: TS / Go`, value: time, goal: '≤ 1.5', ok: time <= 1.5, chart: { goal: 1.5 } });
      ratios.push({ label: `informer RSS ${what}: TS / Go`, value: memory, goal: '≤ 2', ok: memory <= 2, chart: { goal: 2 } });
    }
  }
  return { name: `Informer initial sync: stage-2 SharedIndexInformer vs client-go, ${rounds} fresh processes each`, rows, ratios };
}
