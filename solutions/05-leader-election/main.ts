/**
 * The mirror controller with leader election: run as many replicas as you
 * like; the one holding the Lease reconciles, the others wait to take over.
 *
 *   npm run controller -- --prefix team- [--workers 2] [--resync 10m]
 *                         [--lease-namespace <ns>] [--lease-name mirror-controller] [--identity <unique>]
 *
 * SIGINT/SIGTERM: stop reconciling, release the Lease (a replica takes over at
 * once), exit 0. Leadership lost (the API server unreachable for the renew
 * deadline): exit 1, as client-go controllers do — the process restarts and
 * campaigns again with fresh caches.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { exitOnConfigError, InvalidConfigError, jsonLogger, parseArgs, stopOnSignals } from '../04-reconcile/index.js';
import { InvalidLeaderElectionConfigError } from './config.js';
import { ElectedMirrorController } from './elected-controller.js';
import { defaultLease, leaseFlagNames, takeFlags } from './flags.js';

const usage = 'Usage: npm run controller -- --prefix <namespace-prefix> [--workers N] [--resync 10m] [--lease-namespace NS] [--lease-name NAME] [--identity ID]';
const log = jsonLogger();

let elected: ElectedMirrorController;
try {
  const lease = defaultLease();
  const config = parseArgs(takeFlags(process.argv.slice(2), leaseFlagNames, lease));
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  const onFatal = (why: string) => {
    log.error(`${why}: exiting so that a fresh process campaigns again`, { identity: lease.identity });
    void elected.stop().finally(() => process.exit(1));
  };
  elected = new ElectedMirrorController({ kubeConfig, config, lease, log, onFatal });
  log.info('starting', { ...config, lease: `${lease.namespace}/${lease.name}`, identity: lease.identity, context: kubeConfig.getCurrentContext() });
} catch (error) {
  exitOnConfigError(error, usage, [InvalidConfigError, InvalidLeaderElectionConfigError]);
}

stopOnSignals(log, 'finishing in-flight work, then releasing the lease', () => elected.stop());

void elected.run();
