/**
 * The mirror controller with leader election: run as many replicas as you
 * like; the one holding the Lease reconciles, the others wait to take over.
 *
 *   npm run controller -- --stage 5 --prefix team- [--instance team] [--workers 2] [--resync 10m]
 *                         [--lease-namespace <ns>] [--lease-name mirror-controller] [--identity <unique>]
 *                         [--lease-duration 15s] [--renew-deadline 10s] [--retry-period 2s]
 *
 * SIGINT/SIGTERM: stop reconciling, release the Lease (a replica takes over at
 * once), exit 0. Leadership lost (another holder, or no renewal within the
 * renew deadline — also after the process was paused): no further write,
 * in-flight requests cut off, exit 1, as client-go controllers do — the
 * process restarts and campaigns again with fresh caches.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { InvalidConfigError } from '../00-common/config-error.js';
import { exitOnHelp, flagsHelp, helpFlag, helpWidth, parseFlags } from '../00-common/flags.js';
import { jsonLogger, logFlags, logLevelFrom, withFields } from '../00-common/logger.js';
import { exitOnConfigError } from '../00-common/process-lifecycle.js';
import { mirrorConfigFrom, mirrorFlags } from '../04-reconcile/index.js';
import { InvalidLeaderElectionConfigError } from './config.js';
import { ElectedMirrorController } from './elected-controller.js';
import { leaseFlags, leaseFrom, leaseTimingFlags, leaseTimingsFrom } from './flags.js';
import { Manager } from './manager.js';

const flags = { ...mirrorFlags, ...leaseFlags, ...leaseTimingFlags, ...logFlags, ...helpFlag };
const width = helpWidth(flags);
const usage = `Usage: npm run controller -- --stage 5 --prefix <namespace-prefix> [flags]

${flagsHelp(mirrorFlags, width)}

Leader election:
${flagsHelp({ ...leaseFlags, ...leaseTimingFlags }, width)}

${flagsHelp({ ...logFlags, ...helpFlag }, width)}`;

/** At the default level until the flags are read. */
let log = jsonLogger();
let manager: Manager;
try {
  const { values } = parseFlags(flags, process.argv.slice(2));
  exitOnHelp(values, usage);
  log = jsonLogger({ level: logLevelFrom(values) });
  const config = mirrorConfigFrom(values);
  const lease = leaseFrom(values);
  const timings = leaseTimingsFrom(values);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  manager = new Manager({ log: withFields(log, { identity: lease.identity }) });
  manager.add(new ElectedMirrorController({ kubeConfig, config, lease, timings, log, onFatal: (why) => manager.fatal(why) }));
  log.info('starting', { ...config, ...timings, lease: `${lease.namespace}/${lease.name}`, identity: lease.identity, context: kubeConfig.getCurrentContext() });
} catch (error) {
  exitOnConfigError(error, usage, [InvalidConfigError, InvalidLeaderElectionConfigError]);
}

manager.start('finishing in-flight work, then releasing the lease');
