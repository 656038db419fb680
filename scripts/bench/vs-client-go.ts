/**
 * npm run bench -- vs-client-go: the workbook's reference solutions against
 * client-go itself, side by side on one API server, in one run. The Go side
 * (scripts/bench/client-go/) is built once with the local Go and cached; each
 * side runs as a child process speaking vs-client-go/protocol.ts.
 * Figures are ratios TypeScript / client-go against stated aims — never
 * asserted: this measures, it does not gate.
 * BARE_BENCH_ONLY=queue,informer,leader,fan-out runs only those workloads.
 */
import { pathToFileURL } from 'node:url';
import { startEnvtest } from '../cluster/envtest.js';
import { newRunId } from '../cluster/select.js';
import { formatReport, type BenchReport } from './report.js';
import type { Bench } from './vs-client-go/context.js';
import { clientGoBenchBinary } from './vs-client-go/go-build.js';
import { fanOutBench } from './vs-client-go/workloads/fan-out.js';
import { informerBench } from './vs-client-go/workloads/informer.js';
import { leaderBench } from './vs-client-go/workloads/leader.js';
import { queueBench } from './vs-client-go/workloads/queue.js';

const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const workloads = { queue: queueBench, informer: informerBench, leader: leaderBench, 'fan-out': fanOutBench };
const only = process.env.BARE_BENCH_ONLY?.split(',').map((w) => w.trim());

export default async function bench(): Promise<BenchReport[]> {
  const wanted = (Object.keys(workloads) as (keyof typeof workloads)[]).filter((w) => !only || only.includes(w));
  const goBinary = await clientGoBenchBinary((line) => process.stderr.write(`${line}\n`));
  const reports: BenchReport[] = [];
  // The queue needs no cluster; the rest share one (no second API server: nothing here needs a real 410).
  if (wanted.includes('queue')) reports.push(await queueBench({ goBinary, kubeconfig: '', say }));
  if (wanted.every((w) => w === 'queue')) return reports;
  const cluster = await startEnvtest({ runId: newRunId(), uncachedServer: false, log: (line) => process.stderr.write(`${line}\n`) });
  try {
    const context: Bench = { goBinary, kubeconfig: cluster.info.kubeconfig, say };
    for (const w of wanted) if (w !== 'queue') reports.push(await workloads[w](context));
  } finally {
    await cluster.stop();
  }
  return reports;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) for (const report of await bench()) process.stdout.write(`\n${formatReport(report)}\n`);
