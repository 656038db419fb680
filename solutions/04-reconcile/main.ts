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
import { InvalidConfigError, mirrorFlagsHelp, parseArgs } from './config.js';
import { MirrorController } from './controller.js';
import { jsonLogger } from './logger.js';
import { exitOnConfigError, stopOnSignals } from './process-lifecycle.js';

const usage = `Usage: npm run controller -- --prefix <namespace-prefix> [--instance <name>] [--workers N] [--resync 10m]\n${mirrorFlagsHelp}`;
const log = jsonLogger();

let controller: MirrorController;
try {
  const config = parseArgs(process.argv.slice(2));
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
