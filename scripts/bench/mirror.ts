/**
 * The mirror controller (stage 4 solution) on a real API server.
 *
 * Fan-out: one source into 100 namespaces — time from creating the source
 * until a watcher has seen all 100 mirrors, against a bare loop that creates
 * the same 100 ConfigMaps one after another (the controller reconciles one
 * key in one worker, so its writes for one source are sequential too), timed
 * to the same watcher. Goal: ratio ≤ 1.25.
 *
 * Steady state: 10 sources × 100 namespaces = 1,000 up-to-date mirrors. A
 * fresh controller over them, with a 2 s resync, must make 0 writes over
 * three resyncs; with resync off its CPU use while idle is measured against
 * the same informers running without the controller.
 */
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { pathToFileURL } from 'node:url';
import { ApiProxy } from '../cluster/api-proxy.js';
import { startCluster } from '../cluster/select.js';
import { SharedInformerFactory } from '../../solutions/02-informer/index.js';
import { MirrorController } from '../../solutions/04-reconcile/index.js';
import { Arrivals } from './support/arrivals.js';
import { formatReport, median, type BenchReport } from './report.js';

const fanOut = 100;
const prefix = 'fan-';
const sourceNs = 'bench-mirror-src';
const reps = 3;
const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function cpuMsOver(ms: number): Promise<number> {
  const start = process.cpuUsage();
  await sleep(ms);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

export default async function bench(): Promise<BenchReport> {
  const cluster = await startCluster({ log: (line) => process.stderr.write(`${line}\n`) });
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const kc = new KubeConfig();
    kc.loadFromString(cluster.info.kubeconfig);
    const core = kc.makeApiClient(CoreV1Api);
    const namespaces = Array.from({ length: fanOut }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);
    await core.createNamespace({ body: { metadata: { name: sourceNs } } });
    for (let i = 0; i < namespaces.length; i += 20) {
      await Promise.all(namespaces.slice(i, i + 20).map((name) => core.createNamespace({ body: { metadata: { name } } })));
    }
    say(`created ${fanOut} namespaces`);
    const watcher = new Arrivals(kc, prefix);
    await watcher.start();
    stops.push(() => watcher.stop());

    // Failed reconciles (a 409 from a write based on a stale cache, say) are logged as errors: count them.
    let failedReconciles = 0;
    const log = { info() {}, debug() {}, error: () => void failedReconciles++ };
    const controller = new MirrorController({ kubeConfig: kc, config: { prefix, workers: 2, resyncPeriodMs: 0 }, log });
    void controller.run();
    stops.push(() => controller.stop());
    while (!controller.ready()) await sleep(10);

    const bare: number[] = [];
    const mirrored: number[] = [];
    for (let rep = 0; rep < reps; rep++) {
      // Alternate who goes first, so neither always meets a warmer server.
      for (const who of rep % 2 ? (['controller', 'bare'] as const) : (['bare', 'controller'] as const)) {
        const name = `${who}-${rep}`;
        const seen = watcher.until(name, fanOut);
        const start = performance.now();
        if (who === 'bare') {
          for (const namespace of namespaces) await core.createNamespacedConfigMap({ namespace, body: { metadata: { name }, data: { key: 'value' } } });
        } else {
          await core.createNamespacedConfigMap({ namespace: sourceNs, body: { metadata: { name, labels: { mirror: 'true' } }, data: { key: 'value' } } });
        }
        (who === 'bare' ? bare : mirrored).push((await seen) - start);
      }
      say(`fan-out rep ${rep + 1}/${reps}: bare ${bare.at(-1)!.toFixed(0)} ms, controller ${mirrored.at(-1)!.toFixed(0)} ms`);
    }

    // Steady state: top up to 10 sources, 1,000 mirrors.
    const total = 10;
    for (let i = reps; i < total; i++) {
      const name = `controller-${i}`;
      const seen = watcher.until(name, fanOut);
      await core.createNamespacedConfigMap({ namespace: sourceNs, body: { metadata: { name, labels: { mirror: 'true' } }, data: { key: 'value' } } });
      await seen;
    }
    while (controller.queueLength() > 0) await sleep(50);
    await sleep(500);
    await controller.stop();
    stops.pop();
    say(`${total * fanOut} mirrors in place`);

    // A fresh controller over converged state, through a proxy that counts its requests.
    const proxy = await ApiProxy.start(cluster.info);
    stops.push(() => proxy.close());
    const resyncMs = 2_000;
    const steady = new MirrorController({ kubeConfig: proxy.kubeConfig(), config: { prefix, workers: 2, resyncPeriodMs: resyncMs } });
    void steady.run();
    while (!steady.ready()) await sleep(10);
    await sleep(3.5 * resyncMs);
    const writes = proxy.requests.filter((r) => r.resource === 'configmaps' && ['create', 'update', 'patch', 'delete'].includes(r.verb)).length;
    await steady.stop();
    say(`steady state: ${writes} writes over 3 resyncs of ${total * fanOut} mirrors`);

    // Idle CPU: the controller with resync off, against the same informers alone.
    const idleWindowMs = 5_000;
    const informersAlone = new SharedInformerFactory(kc, { defaultResyncMs: 0 });
    informersAlone.configMaps();
    informersAlone.namespaces();
    informersAlone.start();
    await informersAlone.waitForCacheSync();
    await sleep(500);
    const baselineCpu = await cpuMsOver(idleWindowMs);
    await informersAlone.shutdown();
    const idle = new MirrorController({ kubeConfig: kc, config: { prefix, workers: 2, resyncPeriodMs: 0 } });
    void idle.run();
    while (!idle.ready()) await sleep(10);
    while (idle.queueLength() > 0) await sleep(50);
    await sleep(1_000);
    const idleCpu = await cpuMsOver(idleWindowMs);
    await idle.stop();

    const bareMs = median(bare);
    const controllerMs = median(mirrored);
    const idlePercent = (idleCpu / idleWindowMs) * 100;
    return {
      name: `Mirror controller: fan-out into ${fanOut} namespaces and steady state over ${total * fanOut} mirrors (${cluster.info.provider})`,
      rows: [
        { label: `bare loop: ${fanOut} sequential creates, median of ${reps}`, value: bareMs, unit: 'ms' },
        { label: `controller: source → ${fanOut} mirrors seen, median of ${reps}`, value: controllerMs, unit: 'ms' },
        { label: `failed reconciles while mirroring ${total} sources`, value: failedReconciles, unit: '' },
        { label: `writes by a fresh controller over 3 resyncs of ${total * fanOut}`, value: writes, unit: 'requests' },
        { label: `idle CPU, informers alone (${idleWindowMs / 1000} s)`, value: baselineCpu, unit: 'ms' },
        { label: `idle CPU, controller with resync off (${idleWindowMs / 1000} s)`, value: idleCpu, unit: 'ms' },
      ],
      ratios: [
        { label: 'fan-out time: controller / bare loop', value: controllerMs / bareMs, goal: '≤ 1.25', ok: controllerMs / bareMs <= 1.25, chart: { goal: 1.25 } },
        { label: 'writes during resyncs of up-to-date mirrors', value: writes, goal: '= 0', ok: writes === 0 },
        { label: 'idle CPU between resyncs, % of one core', value: idlePercent, goal: '< 1', ok: idlePercent < 1 },
      ],
    };
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await cluster.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.stdout.write(`${formatReport(await bench())}\n`);
