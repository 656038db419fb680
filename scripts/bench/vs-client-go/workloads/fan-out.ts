import { CoreV1Api, KubeConfig, type V1ConfigMap } from '@kubernetes/client-node';
import { ConfigMapListWatch } from '../../../../solutions/01-list-watch/index.js';
import { SharedIndexInformer } from '../../../../solutions/02-informer/index.js';
import { median, type BenchReport } from '../../report.js';
import { Contender } from '../contender.js';
import { rotated, sleep, type Bench } from '../context.js';

const fanOut = 100;
const prefix = 'fan-cg-';
const sourceNamespace = 'bench-cg-source';
const rounds = 5;

/** client-go's loop; client-node's loop; the controller — the last two also with one pooled connection (ts-ops/kubeconfig.ts). */
type Who = 'go' | 'loop' | 'loopPooled' | 'controller' | 'controllerPooled';

/** Counts ConfigMaps by name in the fan-out namespaces as the API server announces them. */
class Arrivals {
  private readonly seen = new Map<string, number>();
  private readonly waiting = new Map<string, () => void>();
  readonly informer: SharedIndexInformer<V1ConfigMap>;

  constructor(kc: KubeConfig) {
    this.informer = new SharedIndexInformer<V1ConfigMap>(new ConfigMapListWatch(kc));
    this.informer.addEventHandler({
      onAdd: (cm) => {
        if (!cm.metadata?.namespace?.startsWith(prefix)) return;
        const name = cm.metadata.name!;
        const count = (this.seen.get(name) ?? 0) + 1;
        this.seen.set(name, count);
        if (count === fanOut) this.waiting.get(name)?.();
      },
    });
  }

  /** Resolves with the time the last of the `fanOut` copies named `name` was seen. */
  allOf(name: string): Promise<number> {
    return new Promise((resolve) => this.waiting.set(name, () => resolve(performance.now())));
  }
}

/**
 * Fan-out, timed to one watcher in this process: the stage-4 mirror
 * controller (in its own process) turning one source into 100 mirrors,
 * against a client-go loop creating the same 100 ConfigMaps one after another
 * — the controller's one key in one worker is sequential too. A client-node
 * loop is measured as well, to split the gap into client and controller, and
 * both TypeScript contenders once more with one pooled connection, to show
 * what client-node's connection-per-request costs.
 * The controller runs only during its own turn, so it never competes for the
 * two cores while the loops are timed.
 */
export async function fanOutBench(bench: Bench): Promise<BenchReport> {
  const kc = new KubeConfig();
  kc.loadFromString(bench.kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const namespaces = Array.from({ length: fanOut }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);
  await core.createNamespace({ body: { metadata: { name: sourceNamespace } } });
  for (let i = 0; i < namespaces.length; i += 20) {
    await Promise.all(namespaces.slice(i, i + 20).map((name) => core.createNamespace({ body: { metadata: { name } } })));
  }
  const arrivals = new Arrivals(kc);
  void arrivals.informer.run();
  while (!arrivals.informer.hasSynced()) await sleep(5);

  const go = Contender.start('go', bench.goBinary);
  const ts = Contender.start('ts', bench.goBinary);
  const times: Record<Who, number[]> = { go: [], loop: [], loopPooled: [], controller: [], controllerPooled: [] };
  try {
    for (let round = 0; round < rounds; round++) {
      for (const who of rotated(Object.keys(times) as Who[], round)) {
        const name = `${who.toLowerCase()}-${round}`;
        const pooled = who.endsWith('Pooled');
        const arrived = arrivals.allOf(name);
        const controller = who.startsWith('controller');
        if (controller) await ts.request({ op: 'mirror-start', kubeconfig: bench.kubeconfig, prefix, pooled });
        const start = performance.now();
        if (controller) {
          await core.createNamespacedConfigMap({ namespace: sourceNamespace, body: { metadata: { name, labels: { mirror: 'true' } }, data: { key: 'value' } } });
        } else {
          await (who === 'go' ? go : ts).request({ op: 'create-loop', kubeconfig: bench.kubeconfig, namespaces, name, pooled });
        }
        times[who].push((await arrived) - start);
        if (controller) await ts.request({ op: 'mirror-stop' });
      }
      bench.say(`fan-out round ${round + 1}/${rounds}: ${(Object.keys(times) as Who[]).map((who) => `${who} ${times[who].at(-1)!.toFixed(0)} ms`).join(', ')}`);
    }
  } finally {
    await Promise.all([go.close(), ts.close()]);
    await arrivals.informer.stop();
  }
  const m = Object.fromEntries(Object.entries(times).map(([who, list]) => [who, median(list)])) as Record<Who, number>;
  const ratio = m.controller / m.go;
  const pooledRatio = m.controllerPooled / m.go;
  return {
    name: `Mirror fan-out, 1 source → ${fanOut} namespaces, median of ${rounds}`,
    rows: [
      { label: `client-go loop: ${fanOut} sequential creates, all seen`, value: m.go, unit: 'ms' },
      { label: `client-node loop: ${fanOut} sequential creates, all seen`, value: m.loop, unit: 'ms' },
      { label: '… with one pooled connection (experiment)', value: m.loopPooled, unit: 'ms' },
      { label: `stage-4 controller: source created → ${fanOut} mirrors seen`, value: m.controller, unit: 'ms' },
      { label: '… with one pooled connection (experiment)', value: m.controllerPooled, unit: 'ms' },
    ],
    ratios: [
      { label: 'fan-out: TS controller / client-go create loop', value: ratio, goal: '≤ 1.1', ok: ratio <= 1.1, chart: { goal: 1.1 } },
      { label: 'fan-out, pooled connection (experiment): TS / Go', value: pooledRatio, goal: '≤ 1.1', ok: pooledRatio <= 1.1 },
    ],
  };
}
