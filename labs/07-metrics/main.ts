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
import { jsonLogger, logFlags, logLevelFrom } from '../00-common/logger.js';
import { exitOnConfigError, stopOnSignals } from '../00-common/process-lifecycle.js';
import { mirrorConfigFrom, mirrorFlags, type MirrorConfig } from '../04-reconcile/index.js';
import { ElectedMirrorController, InvalidLeaderElectionConfigError, leaseFlags, leaseFrom, leaseTimingFlags, leaseTimingsFrom } from '../05-leader-election/index.js';
import { bindAddressFlags, parseBindAddress, type BindAddress } from './bind-address.js';
import { HealthServer, type HealthServerOptions } from './health-server.js';
import { KubeConfigError, loadKubeConfig } from './kube-config.js';
import { checkLeaseNamespace, LeaseNamespaceNotFoundError } from './lease-namespace.js';
import { PrometheusMetricsProvider } from './prometheus-provider.js';
import { ReconcileMetrics } from './reconcile-metrics.js';
import { MeteredKubeConfig, RestClientMetrics } from './rest-client-metrics.js';

const flags = { ...mirrorFlags, ...leaseFlags, ...leaseTimingFlags, ...bindAddressFlags, ...logFlags, ...helpFlag };
const width = helpWidth(flags);
const usage = `Usage: npm run controller -- --prefix <namespace-prefix> [flags]

${flagsHelp(mirrorFlags, width)}

Leader election:
${flagsHelp({ ...leaseFlags, ...leaseTimingFlags }, width)}

Metrics and probes:
${flagsHelp(bindAddressFlags, width)}

${flagsHelp({ ...logFlags, ...helpFlag }, width)}`;

/** What stops the process before it starts, but is no typo in a flag: one line, exit 1. */
function exitWith(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

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
const workqueueMetrics = new PrometheusMetricsProvider(registry);
const reconcileMetrics = new ReconcileMetrics(registry, 'mirror', config.workers);
const restClientMetrics = new RestClientMetrics(registry);
// client-go's leader election metric: 1 while this process leads.
const leading = new Gauge({ name: 'leader_election_master_status', help: 'Whether this process is the leader (1) or not (0)', labelNames: ['name'], registers: [registry] });
leading.labels(lease.name).set(0);

let kubeConfig: MeteredKubeConfig;
try {
  kubeConfig = loadKubeConfig(log, undefined, new MeteredKubeConfig(restClientMetrics));
} catch (error) {
  if (error instanceof KubeConfigError) exitWith(error.message);
  throw error;
}

let elected: ElectedMirrorController;
try {
  const onFatal = (why: string) => {
    log.error(`${why}: exiting so that a fresh process campaigns again`, { identity: lease.identity });
    void elected.stop().finally(() => process.exit(1));
  };
  elected = new ElectedMirrorController({
    kubeConfig,
    config,
    lease,
    timings,
    log,
    metricsProvider: workqueueMetrics,
    onFatal,
    onLeading: (on) => leading.labels(lease.name).set(on ? 1 : 0),
  });
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

async function serve(flag: string, address: BindAddress, what: string, options: Omit<HealthServerOptions, 'port' | 'host'>): Promise<HealthServer> {
  try {
    const server = await HealthServer.start({ ...options, port: address.port, host: address.host });
    log.info(`serving ${what}`, { address: address.text, port: server.port });
    return server;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') exitWith(`${flag} ${address.text}: port ${address.port} is already in use (another controller?); stop it, or choose another address (:0 picks a free port)`);
    if (code === 'EACCES' || code === 'EADDRNOTAVAIL') exitWith(`${flag} ${address.text}: cannot listen there (${code})`);
    throw error;
  }
}

const servers: HealthServer[] = [];
if (metricsAddress) {
  servers.push(await serve('--metrics-bind-address', metricsAddress, 'metrics', { registry, beforeScrape: () => elected.controller.refreshQueueMetrics() }));
}
if (probeAddress) servers.push(await serve('--health-probe-bind-address', probeAddress, 'health probes', { notReadyBecause }));

stopOnSignals(log, 'finishing in-flight work, then releasing the lease', async () => {
  await elected.stop();
  await Promise.all(servers.map((s) => s.close()));
});

void elected.run();
