import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { abortableCoreV1Api } from '../../../../solutions/04-reconcile/abortable-client.js';
import { Arrivals } from '../../support/arrivals.js';
import { median, type BenchReport } from '../../report.js';
import { Contender } from '../contender.js';
import { rotated, type Bench } from '../context.js';

const fanOut = 100;
const prefix = 'fan-cg-';
const sourceNamespace = 'bench-cg-source';
const rounds = 5;

/** client-go's loop; client-node's loop; the same loop through the stage-4 controller's client; the controller. */
type Who = 'go' | 'loop' | 'loopStage4' | 'controller';

/**
 * Fan-out, timed to one watcher in this process: the stage-4 mirror
 * controller (in its own process) turning one source into 100 mirrors,
 * against a client-go loop creating the same 100 ConfigMaps one after another
 * — the controller's one key in one worker is sequential too. Two TypeScript
 * loops split the gap: client-node's makeApiClient (a new connection per
 * request), and the client the controller writes with (stage 4's
 * abortable-client.ts: one pooled connection, undici's request()) — what is
 * left between that loop and the controller is the controller's own.
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
  // The source is created over a connection that is already open: a TLS handshake of this process's is not the controller's time.
  const warm = abortableCoreV1Api(kc, new AbortController().signal);
  await warm.listNamespacedConfigMap({ namespace: sourceNamespace });
  const arrivals = new Arrivals(kc, prefix);
  await arrivals.start();

  const go = Contender.start('go', bench.goBinary);
  const ts = Contender.start('ts', bench.goBinary);
  const times: Record<Who, number[]> = { go: [], loop: [], loopStage4: [], controller: [] };
  try {
    for (let round = 0; round < rounds; round++) {
      for (const who of rotated(Object.keys(times) as Who[], round)) {
        const name = `${who.toLowerCase()}-${round}`;
        const arrived = arrivals.until(name, fanOut);
        const controller = who === 'controller';
        if (controller) await ts.request({ op: 'mirror-start', kubeconfig: bench.kubeconfig, prefix });
        const start = performance.now();
        if (controller) {
          await warm.createNamespacedConfigMap({ namespace: sourceNamespace, body: { metadata: { name, labels: { mirror: 'true' } }, data: { key: 'value' } } });
        } else {
          await (who === 'go' ? go : ts).request({ op: 'create-loop', kubeconfig: bench.kubeconfig, namespaces, name, client: who === 'loopStage4' ? 'stage-4' : 'client-node' });
        }
        times[who].push((await arrived) - start);
        if (controller) await ts.request({ op: 'mirror-stop' });
      }
      bench.say(`fan-out round ${round + 1}/${rounds}: ${(Object.keys(times) as Who[]).map((who) => `${who} ${times[who].at(-1)!.toFixed(0)} ms`).join(', ')}`);
    }
  } finally {
    await Promise.all([go.close(), ts.close()]);
    await arrivals.stop();
  }
  const m = Object.fromEntries(Object.entries(times).map(([who, list]) => [who, median(list)])) as Record<Who, number>;
  const ratio = m.controller / m.go;
  return {
    name: `Mirror fan-out, 1 source → ${fanOut} namespaces, median of ${rounds}`,
    rows: [
      { label: `client-go loop: ${fanOut} sequential creates, all seen`, value: m.go, unit: 'ms' },
      { label: `client-node loop: ${fanOut} sequential creates, all seen`, value: m.loop, unit: 'ms' },
      { label: '… through the stage-4 controller\'s client (pooled, undici request())', value: m.loopStage4, unit: 'ms' },
      { label: `stage-4 controller: source created → ${fanOut} mirrors seen`, value: m.controller, unit: 'ms' },
    ],
    ratios: [
      { label: 'fan-out: TS controller / client-go create loop', value: ratio, goal: '≤ 1.1', ok: ratio <= 1.1, chart: { goal: 1.1 } },
    ],
  };
}
