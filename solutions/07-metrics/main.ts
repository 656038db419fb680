/**
 * The mirror controller as it runs in a cluster: leader election (stage 5),
 * Prometheus metrics and health probes on one port.
 *
 *   npm run controller -- --prefix team- [--metrics-port 8080] [stage 4 and 5 flags]
 *
 * GET :8080/healthz (liveness), /readyz (readiness), /metrics (Prometheus).
 * Logs are JSON lines on stderr: the first says how the API server was found
 * (kubeconfig or in-cluster), a later one which port is served.
 */
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { exitOnConfigError, InvalidConfigError, jsonLogger, parseArgs, stopOnSignals } from '../04-reconcile/index.js';
import { defaultLease, ElectedMirrorController, InvalidLeaderElectionConfigError, leaseFlagNames, takeFlags } from '../05-leader-election/index.js';
import { HealthServer } from './health-server.js';
import { loadKubeConfig } from './kube-config.js';
import { PrometheusMetricsProvider } from './prometheus-provider.js';

const usage = 'Usage: npm run controller -- --prefix <namespace-prefix> [--workers N] [--resync 10m] [--metrics-port 8080] [--lease-namespace NS] [--lease-name NAME] [--identity ID]';
const log = jsonLogger();

let elected: ElectedMirrorController;
let metricsPort: number;
const registry = new Registry();
try {
  const lease = defaultLease();
  const own = { metricsPort: '8080' };
  const rest = takeFlags(process.argv.slice(2), { '--metrics-port': 'metricsPort' }, own);
  metricsPort = Number(own.metricsPort);
  if (!Number.isInteger(metricsPort) || metricsPort < 0 || metricsPort > 65535) throw new InvalidConfigError(`--metrics-port must be a port number (0 picks a free one), not ${own.metricsPort}`);
  const config = parseArgs(takeFlags(rest, leaseFlagNames, lease));
  const kubeConfig = loadKubeConfig(log);

  collectDefaultMetrics({ register: registry });
  // client-go's leader election metric: 1 while this process leads.
  const leading = new Gauge({ name: 'leader_election_master_status', help: 'Whether this process is the leader (1) or not (0)', labelNames: ['name'], registers: [registry] });
  leading.labels(lease.name).set(0);
  const onFatal = (why: string) => {
    log.error(`${why}: exiting so that a fresh process campaigns again`, { identity: lease.identity });
    void elected.stop().finally(() => process.exit(1));
  };
  elected = new ElectedMirrorController({
    kubeConfig,
    config,
    lease,
    log,
    metricsProvider: new PrometheusMetricsProvider(registry),
    onFatal,
    onLeading: (on) => leading.labels(lease.name).set(on ? 1 : 0),
  });
  log.info('starting', { ...config, lease: `${lease.namespace}/${lease.name}`, identity: lease.identity, context: kubeConfig.getCurrentContext() });
} catch (error) {
  exitOnConfigError(error, usage, [InvalidConfigError, InvalidLeaderElectionConfigError]);
}

const probes = await HealthServer.start({
  registry,
  port: metricsPort,
  notReadyBecause: () => (elected.ready() ? undefined : elected.elector.isLeader() ? 'leading, caches not synced yet' : 'shutting down'),
  beforeScrape: () => elected.controller.refreshQueueMetrics(),
});
log.info('serving probes and metrics', { port: probes.port, paths: ['/healthz', '/readyz', '/metrics'] });

stopOnSignals(log, 'finishing in-flight work, then releasing the lease', async () => {
  await elected.stop();
  await probes.close();
});

void elected.run();
