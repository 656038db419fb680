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
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { InvalidConfigError, jsonLogger, MirrorController, parseArgs } from '../04-reconcile/index.js';
import { InvalidLeaderElectionConfigError, leaderElectionDefaults, LeaderElector, LeaseLock } from './index.js';

const usage = 'Usage: npm run controller -- --prefix <namespace-prefix> [--workers N] [--resync 10m] [--lease-namespace NS] [--lease-name NAME] [--identity ID]';
const log = jsonLogger();
const serviceAccountNamespace = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** Splits off this stage's flags; the rest are the controller's. */
function leaseFlags(argv: string[]) {
  const lease = {
    namespace: process.env.POD_NAMESPACE ?? (existsSync(serviceAccountNamespace) ? readFileSync(serviceAccountNamespace, 'utf8').trim() : 'default'),
    name: 'mirror-controller',
    identity: `${hostname()}_${randomUUID().slice(0, 8)}`,
  };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const key = { '--lease-namespace': 'namespace', '--lease-name': 'name', '--identity': 'identity' }[flag] as keyof typeof lease | undefined;
    if (!key) {
      rest.push(argv[i]!);
      continue;
    }
    const value = inline ?? argv[++i];
    if (!value) throw new InvalidConfigError(`${flag} needs a value`);
    lease[key] = value;
  }
  return { lease, rest };
}

let controller: MirrorController;
let elector: LeaderElector;
let stopping = false;
try {
  const { lease, rest } = leaseFlags(process.argv.slice(2));
  const config = parseArgs(rest);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  controller = new MirrorController({ kubeConfig, config, log });
  elector = new LeaderElector({
    lock: new LeaseLock(kubeConfig, lease.namespace, lease.name),
    identity: lease.identity,
    ...leaderElectionDefaults,
    releaseOnCancel: true,
    log: (message) => log.info(message),
    callbacks: {
      onStartedLeading: () => {
        log.info('leading: starting the controller', { identity: lease.identity });
        controller.run().catch((error: unknown) => {
          log.error('controller failed', { error: (error as Error).message });
          process.exit(1);
        });
      },
      onStoppedLeading: () => {
        if (stopping) return;
        log.error('leadership lost: exiting so that a fresh process campaigns again', { identity: lease.identity });
        void controller.stop().finally(() => process.exit(1));
      },
      onNewLeader: (leader) => log.info('leader', { leader, me: leader === lease.identity }),
    },
  });
  log.info('starting', { ...config, lease: `${lease.namespace}/${lease.name}`, identity: lease.identity, context: kubeConfig.getCurrentContext() });
} catch (error) {
  if (error instanceof InvalidConfigError || error instanceof InvalidLeaderElectionConfigError) {
    process.stderr.write(`${error.message}\n${usage}\n`);
    process.exit(2);
  }
  throw error;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down: finishing in-flight work, then releasing the lease', { signal });
    // Reconciling stops before the lease is released, so the next leader never overlaps with us.
    controller
      .stop()
      .then(() => elector.stop())
      .then(
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

void elector.run();
