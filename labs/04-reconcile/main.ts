/**
 * The mirror controller from the command line, against whatever cluster your
 * kubeconfig points at:
 *
 *   npm run controller -- --prefix team- [--workers 2] [--resync 10m]
 *
 * Logs are JSON lines on stderr. Ctrl-C (SIGINT) or SIGTERM: stop taking keys,
 * finish what is in flight, exit 0.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { InvalidConfigError, parseArgs } from './config.js';
import { MirrorController } from './controller.js';
import { jsonLogger } from './logger.js';

const usage = 'Usage: npm run controller -- --prefix <namespace-prefix> [--workers N] [--resync 10m]';
const log = jsonLogger();

let controller: MirrorController;
try {
  const config = parseArgs(process.argv.slice(2));
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  controller = new MirrorController({ kubeConfig, config, log });
  log.info('starting', { ...config, context: kubeConfig.getCurrentContext() });
} catch (error) {
  if (error instanceof InvalidConfigError) {
    process.stderr.write(`${error.message}\n${usage}\n`);
    process.exit(2);
  }
  throw error;
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down: finishing in-flight work', { signal });
    controller.stop().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log.error('shutdown failed', { error: (error as Error).message });
        process.exit(1);
      },
    );
  });
}

controller.run().catch((error: unknown) => {
  log.error('controller failed', { error: (error as Error).message });
  process.exit(1);
});
