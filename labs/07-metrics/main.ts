/**
 * The mirror controller as it runs in a cluster: leader election (stage 5),
 * Prometheus metrics, health probes — with controller-runtime's flags.
 *
 *   npm run controller -- --prefix team- [--metrics-bind-address :8080] [--health-probe-bind-address :8081] [stage 4 and 5 flags]
 *
 * :8081/healthz (liveness), :8081/readyz (readiness), :8080/metrics (Prometheus).
 * Logs are JSON lines on stderr: the first says how the API server was found
 * (kubeconfig or in-cluster), later ones which ports are served. What stops
 * the process before it starts (a bad flag, no kubeconfig, a missing lease
 * namespace, a port in use) is one plain line and a non-zero exit.
 */
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { InvalidConfigError } from '../00-common/config-error.js';
import { exitOnHelp, flagsHelp, helpFlag, helpWidth, parseFlags } from '../00-common/flags.js';
import { jsonLogger, logFlags, logLevelFrom, withFields } from '../00-common/logger.js';
import { exitOnConfigError, exitWith } from '../00-common/process-lifecycle.js';
import { mirrorConfigFrom, mirrorFlags, type MirrorConfig } from '../04-reconcile/index.js';
import { ElectedMirrorController, InvalidLeaderElectionConfigError, Manager, leaseFlags, leaseFrom, leaseTimingFlags, leaseTimingsFrom } from '../05-leader-election/index.js';
import { bindAddressFlags, parseBindAddress, type BindAddress } from './bind-address.js';
import { KubeConfigError, loadKubeConfig } from './kube-config.js';
import { checkLeaseNamespace, LeaseNamespaceNotFoundError } from './lease-namespace.js';
import { PrometheusMetricsProvider } from './prometheus-provider.js';
import { ReconcileMetrics } from './reconcile-metrics.js';
import { MeteredKubeConfig, RestClientMetrics } from './rest-client-metrics.js';
import { serveOrExit } from './serve.js';

const flags = { ...mirrorFlags, ...leaseFlags, ...leaseTimingFlags, ...bindAddressFlags, ...logFlags, ...helpFlag };
const width = helpWidth(flags);
const usage = `Usage: npm run controller -- --prefix <namespace-prefix> [flags]

${flagsHelp(mirrorFlags, width)}

Leader election:
${flagsHelp({ ...leaseFlags, ...leaseTimingFlags }, width)}

Metrics and probes:
${flagsHelp(bindAddressFlags, width)}

${flagsHelp({ ...logFlags, ...helpFlag }, width)}`;

/** At the default level until the flags are read. */
let log = jsonLogger();
let config: MirrorConfig;
let lease: ReturnType<typeof leaseFrom>;
let timings: ReturnType<typeof leaseTimingsFrom>;
let metricsAddress: BindAddress | undefined;
let probeAddress: BindAddress | undefined;
try {
  const { values } = parseFlags(flags, process.argv.slice(2));
  exitOnHelp(values, usage);
  log = jsonLogger({ level: logLevelFrom(values) });
  metricsAddress = parseBindAddress('--metrics-bind-address', values['metrics-bind-address'] ?? ':8080');
  probeAddress = parseBindAddress('--health-probe-bind-address', values['health-probe-bind-address'] ?? ':8081');
  config = mirrorConfigFrom(values);
  lease = leaseFrom(values);
  timings = leaseTimingsFrom(values);
} catch (error) {
  exitOnConfigError(error, usage, [InvalidConfigError, InvalidLeaderElectionConfigError]);
}

// Metrics first: every request and reconcile from here on is counted.
const registry = new Registry();
collectDefaultMetrics({ register: registry });
const reconcileMetrics = new ReconcileMetrics(registry, 'mirror', config.workers);
// client-go's leader election metric: 1 while this process leads.
const leading = new Gauge({ name: 'leader_election_master_status', help: 'Whether this process is the leader (1) or not (0)', labelNames: ['name'], registers: [registry] });
leading.labels(lease.name).set(0);

let kubeConfig: MeteredKubeConfig;
try {
  kubeConfig = loadKubeConfig(log, undefined, new MeteredKubeConfig(new RestClientMetrics(registry)));
} catch (error) {
  if (error instanceof KubeConfigError) exitWith(error.message);
  throw error;
}

const manager = new Manager({ log: withFields(log, { identity: lease.identity }) });
let elected: ElectedMirrorController;
try {
  const onLeading = (on: boolean) => leading.labels(lease.name).set(on ? 1 : 0);
  elected = new ElectedMirrorController({ kubeConfig, config, lease, timings, log, metricsProvider: new PrometheusMetricsProvider(registry), onFatal: (why) => manager.fatal(why), onLeading });
  elected.controller.instrumentReconcile((reconcile) => reconcileMetrics.instrument(reconcile));
  log.info('starting', { ...config, ...timings, lease: `${lease.namespace}/${lease.name}`, identity: lease.identity, context: kubeConfig.getCurrentContext() });
} catch (error) {
  exitOnConfigError(error, usage, [InvalidConfigError, InvalidLeaderElectionConfigError]);
}

try {
  const notYet = await checkLeaseNamespace(kubeConfig, lease);
  if (notYet) log.error(`${notYet}; campaigning anyway, not ready until the Lease is reached`, { server: kubeConfig.getCurrentCluster()?.server });
} catch (error) {
  if (error instanceof LeaseNamespaceNotFoundError) exitWith(error.message);
  throw error;
}

/** Ready: the API server was reached, and this replica is a standby or a leader with synced caches. */
function notReadyBecause(): string | undefined {
  if (!elected.elector.hasObservedLease()) return `has not reached the API server (${kubeConfig.getCurrentCluster()?.server}) yet`;
  if (elected.ready()) return undefined;
  return elected.elector.isLeader() ? 'leading, caches not synced yet' : 'shutting down';
}

if (metricsAddress) manager.addServer(await serveOrExit('--metrics-bind-address', metricsAddress, 'metrics', { registry, beforeScrape: () => elected.controller.refreshQueueMetrics() }, log));
if (probeAddress) manager.addServer(await serveOrExit('--health-probe-bind-address', probeAddress, 'health probes', { notReadyBecause }, log));
manager.add(elected).start('finishing in-flight work, then releasing the lease');
