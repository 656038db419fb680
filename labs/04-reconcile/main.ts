/**
 * The mirror controller from the command line, against whatever cluster your
 * kubeconfig points at:
 *
 *   npm run controller -- --prefix team- [--instance team] [--workers 2] [--resync 10m]
 *
 * Logs are JSON lines on stderr. Ctrl-C (SIGINT) or SIGTERM: stop taking keys,
 * finish what is in flight (at most 10 s, then cut it off), exit 0.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { exitOnHelp, flagsHelp, helpFlag, parseFlags, type Flags } from '../00-common/flags.js';
import { jsonLogger, logFlags, logLevelFrom } from '../00-common/logger.js';
import { exitOnConfigError, stopOnSignals } from '../00-common/process-lifecycle.js';
import { InvalidConfigError, mirrorConfigFrom, mirrorFlags } from './config.js';
import { MirrorController } from './controller.js';

const flags = { ...mirrorFlags, ...logFlags, ...helpFlag } as const satisfies Flags;
const usage = `Usage: npm run controller -- --stage 4 --prefix <namespace-prefix> [flags]\n\n${flagsHelp(flags)}`;
/** At the default level until the flags are read. */
let log = jsonLogger();

let controller: MirrorController;
try {
  const { values } = parseFlags(flags, process.argv.slice(2));
  exitOnHelp(values, usage);
  log = jsonLogger({ level: logLevelFrom(values) });
  const config = mirrorConfigFrom(values);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  controller = new MirrorController({ kubeConfig, config, log });
  log.info('starting', { ...config, context: kubeConfig.getCurrentContext() });
} catch (error) {
  exitOnConfigError(error, usage, [InvalidConfigError]);
}

stopOnSignals(log, 'finishing in-flight work', () => controller.stop());

controller.run().catch((error: unknown) => {
  log.error('controller failed', { error: (error as Error).message });
  process.exit(1);
});
