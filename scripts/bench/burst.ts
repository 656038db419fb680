/**
 * The mirror controller (stage 4 solution) under a burst of updates: one
 * source of 1 MiB updated 50 times in 20 s, mirrored into 10 namespaces.
 *
 * What it measures, through a proxy that counts the controller's requests:
 *  - mirror writes per source update (10 would be every version into every
 *    namespace; a controller that coalesces writes fewer);
 *  - lag: from the last update until a watcher has seen the last version in
 *    all 10 namespaces.
 *
 * Goals: writes per update ≤ 10 (never more than one per namespace), lag ≤ 2 s.
 *
 * What client-go would do: its workqueue coalesces the same way (a key added
 * again while it is queued is one item; while it is being processed it is
 * marked dirty and handed out once more afterwards), and a sync reads the
 * lister when it starts. So with 4 writes in flight and 1 MiB each, a
 * sample-controller-style sync writes the version it read at its start into
 * every namespace even if the source changed halfway, then runs once more.
 */
import { CoreV1Api, KubeConfig, type V1ConfigMap } from '@kubernetes/client-node';
import { pathToFileURL } from 'node:url';
import { ApiProxy } from '../cluster/api-proxy.js';
import { startCluster } from '../cluster/select.js';
import { ConfigMapListWatch } from '../../solutions/01-list-watch/index.js';
import { SharedIndexInformer } from '../../solutions/02-informer/index.js';
import { MirrorController } from '../../solutions/04-reconcile/index.js';
import { formatReport, type BenchReport } from './report.js';

const targets = 10;
const updates = 50;
const burstMs = 20_000;
const prefix = 'burst-';
const sourceNs = 'bench-burst-src';
const name = 'big';
const blob = 'x'.repeat(1024 * 1024 - 64); // 1 MiB with the version key
const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const body = (version: number): V1ConfigMap => ({ metadata: { name, labels: { mirror: 'true' } }, data: { version: String(version), blob } });

export default async function bench(): Promise<BenchReport> {
  const cluster = await startCluster({ log: (line) => process.stderr.write(`${line}\n`) });
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const kc = new KubeConfig();
    kc.loadFromString(cluster.info.kubeconfig);
    const core = kc.makeApiClient(CoreV1Api);
    const namespaces = Array.from({ length: targets }, (_, i) => `${prefix}${i}`);
    for (const ns of [sourceNs, ...namespaces]) await core.createNamespace({ body: { metadata: { name: ns } } });
    await core.createNamespacedConfigMap({ namespace: sourceNs, body: body(0) });

    // The watcher: the version each target namespace's mirror shows, and when the last one arrived.
    const shown = new Map<string, number>();
    let allLastAt: number | undefined;
    const watcher = new SharedIndexInformer<V1ConfigMap>(new ConfigMapListWatch(kc));
    const seen = (cm: V1ConfigMap) => {
      if (!cm.metadata?.namespace?.startsWith(prefix) || cm.metadata.name !== name) return;
      shown.set(cm.metadata.namespace, Number(cm.data?.version));
      if (allLastAt === undefined && namespaces.every((ns) => shown.get(ns) === updates)) allLastAt = performance.now();
    };
    watcher.addEventHandler({ onAdd: seen, onUpdate: (_, cm) => seen(cm) });
    void watcher.run();
    stops.push(() => watcher.stop());
    while (!watcher.hasSynced()) await sleep(5);

    const proxy = await ApiProxy.start(cluster.info);
    stops.push(() => proxy.close());
    const controller = new MirrorController({ kubeConfig: proxy.kubeConfig(), config: { prefix, workers: 2, resyncPeriodMs: 0 } });
    void controller.run();
    stops.push(() => controller.stop());
    while (namespaces.some((ns) => shown.get(ns) !== 0)) await sleep(20);
    say(`version 0 mirrored into ${targets} namespaces`);

    const from = proxy.requests.length;
    const start = performance.now();
    for (let v = 1; v <= updates; v++) {
      await sleep(Math.max(0, start + (v * burstMs) / updates - performance.now()));
      await core.replaceNamespacedConfigMap({ namespace: sourceNs, name, body: body(v) });
    }
    const lastUpdateAt = performance.now();
    const deadline = lastUpdateAt + 60_000;
    while (allLastAt === undefined && performance.now() < deadline) await sleep(20);
    const lagMs = (allLastAt ?? Infinity) - lastUpdateAt;
    await sleep(500);

    const writes = proxy.requests.slice(from).filter((r) => r.resource === 'configmaps' && ['create', 'update', 'patch', 'delete'].includes(r.verb) && namespaces.includes(r.namespace ?? ''));
    const failed = writes.filter((w) => (w.status ?? 0) >= 400).length;
    say(`${writes.length} mirror writes (${failed} refused) for ${updates} updates; last version everywhere ${lagMs.toFixed(0)} ms after the last update`);
    const perUpdate = writes.length / updates;
    return {
      name: `Mirror controller under a burst: a 1 MiB source updated ${updates} times in ${burstMs / 1000} s, ${targets} namespaces (${cluster.info.provider})`,
      rows: [
        { label: 'mirror writes', value: writes.length, unit: 'requests' },
        { label: 'of which refused (409…)', value: failed, unit: 'requests' },
        { label: 'lag: last update → last version in every namespace', value: lagMs, unit: 'ms' },
      ],
      ratios: [
        { label: `mirror writes per source update (${targets} namespaces)`, value: perUpdate, goal: `≤ ${targets}`, ok: perUpdate <= targets },
        { label: 'lag after the last update, s', value: lagMs / 1000, goal: '≤ 2', ok: lagMs <= 2_000 },
      ],
    };
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await cluster.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.stdout.write(`${formatReport(await bench())}\n`);
