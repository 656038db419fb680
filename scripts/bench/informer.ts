/**
 * Informer initial sync of 5,000 ConfigMaps: time and retained heap of the
 * stage-2 SharedIndexInformer (namespace index + one label index) against
 * @kubernetes/client-node's makeInformer on the same cluster, same run,
 * rotating order — once caching the same objects, once with the transform a
 * controller would use (stripManagedFields), which client-node's informer has
 * no way to apply. Goal: ratios ≤ 1.0 — the extra indexes for free.
 * Run with --expose-gc (npm run bench sets it) for steady heap figures.
 */
import { CoreV1Api, KubeConfig, makeInformer, type V1ConfigMap } from '@kubernetes/client-node';
import { pathToFileURL } from 'node:url';
import { startCluster } from '../cluster/select.js';
import { ConfigMapListWatch } from '../../solutions/01-list-watch/index.js';
import { labelIndexFunc, SharedIndexInformer, stripManagedFields } from '../../solutions/02-informer/index.js';
import { formatReport, median, type BenchReport } from './report.js';

const count = 5_000;
const namespace = 'bench-informer';

async function settledHeap(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

async function measure(sync: () => Promise<{ size: number; stop: () => Promise<void> }>): Promise<{ ms: number; heapMiB: number }> {
  const before = await settledHeap();
  const start = performance.now();
  const { size, stop } = await sync();
  const ms = performance.now() - start;
  if (size < count) throw new Error(`cache holds ${size} of ${count}`);
  const after = await settledHeap(); // the cache is alive here: this is what it retains
  await stop();
  return { ms, heapMiB: (after - before) / 2 ** 20 };
}

function ours(kc: KubeConfig, transform?: (cm: V1ConfigMap) => V1ConfigMap) {
  return async () => {
    const informer = new SharedIndexInformer<V1ConfigMap>(new ConfigMapListWatch(kc, namespace), { indexers: { app: labelIndexFunc('app') }, transform });
    void informer.run();
    while (!informer.hasSynced()) await new Promise((resolve) => setTimeout(resolve, 1)); // poll finely: the figure is time to synced
    return { size: informer.getIndexer().listKeys().length, stop: () => informer.stop() };
  };
}

function clientNode(kc: KubeConfig) {
  return async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const informer = makeInformer<V1ConfigMap>(kc, `/api/v1/namespaces/${namespace}/configmaps`, () => core.listNamespacedConfigMap({ namespace }));
    await informer.start();
    return { size: informer.list(namespace).length, stop: () => informer.stop() };
  };
}

export default async function bench(): Promise<BenchReport> {
  const cluster = await startCluster({ log: (line) => process.stderr.write(`${line}\n`) });
  try {
    const kc = new KubeConfig();
    kc.loadFromString(cluster.info.kubeconfig);
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    for (let i = 0; i < count; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, count - i) }, (_, j) =>
          core.createNamespacedConfigMap({ namespace, body: { metadata: { name: `cm-${i + j}`, labels: { app: `app-${(i + j) % 10}` } }, data: { key: 'x'.repeat(200) } } }),
        ),
      );
      if ((i + 50) % 1000 === 0) process.stderr.write(`[bench] created ${i + 50} of ${count} ConfigMaps\n`);
    }
    type Run = { ms: number; heapMiB: number };
    const contenders = {
      ours: ours(kc),
      stripped: ours(kc, stripManagedFields),
      theirs: clientNode(kc),
    };
    const runs: Record<keyof typeof contenders, Run[]> = { ours: [], stripped: [], theirs: [] };
    const reps = 7;
    for (let rep = 0; rep < reps; rep++) {
      // Rotate the order so that no contender always meets a warmer (or busier) process.
      const order = (['theirs', 'ours', 'stripped'] as const).map((_, i, all) => all[(i + rep) % all.length]!);
      for (const who of order) runs[who].push(await measure(contenders[who]));
      process.stderr.write(`[bench] informer rep ${rep + 1}/${reps}\n`);
    }
    // The first round warms the JIT and the API server's cache; keep the rest.
    const pick = (rs: Run[], k: keyof Run) => median(rs.slice(1).map((r) => r[k]));
    const ms = { ours: pick(runs.ours, 'ms'), stripped: pick(runs.stripped, 'ms'), theirs: pick(runs.theirs, 'ms') };
    const heap = { ours: pick(runs.ours, 'heapMiB'), stripped: pick(runs.stripped, 'heapMiB'), theirs: pick(runs.theirs, 'heapMiB') };
    return {
      name: `Informer initial sync of ${count.toLocaleString('en-US')} ConfigMaps (${cluster.info.provider})`,
      rows: [
        { label: 'SharedIndexInformer (+ namespace and label index), median', value: ms.ours, unit: 'ms' },
        { label: '… with transform stripManagedFields, median', value: ms.stripped, unit: 'ms' },
        { label: 'client-node makeInformer, median', value: ms.theirs, unit: 'ms' },
        { label: 'SharedIndexInformer retained heap, median', value: heap.ours, unit: 'MiB' },
        { label: '… with transform stripManagedFields, median', value: heap.stripped, unit: 'MiB' },
        { label: 'client-node makeInformer retained heap, median', value: heap.theirs, unit: 'MiB' },
      ],
      ratios: [
        { label: 'sync time: ours / client-node', value: ms.ours / ms.theirs, goal: '≤ 1.0', ok: ms.ours / ms.theirs <= 1, chart: { goal: 1 } },
        { label: 'sync time: ours, stripped / client-node', value: ms.stripped / ms.theirs, goal: '≤ 1.0', ok: ms.stripped / ms.theirs <= 1, chart: { goal: 1 } },
        { label: 'retained heap: ours / client-node (same objects)', value: heap.ours / heap.theirs, goal: '≤ 1.0', ok: heap.ours / heap.theirs <= 1, chart: { goal: 1 } },
        { label: 'retained heap: ours, stripped / client-node', value: heap.stripped / heap.theirs, goal: '≤ 1.0', ok: heap.stripped / heap.theirs <= 1, chart: { goal: 1 } },
      ],
    };
  } finally {
    await cluster.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.stdout.write(`${formatReport(await bench())}\n`);
