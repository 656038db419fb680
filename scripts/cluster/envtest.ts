import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch } from 'undici';
import { obtainBinaries, type ControlPlaneBinaries } from './binaries.js';
import { tokenKubeconfig } from './kubeconfig-file.js';
import { freePort } from './ports.js';
import { ProcessGroup } from './process-group.js';
import type { ClusterInfo, RunningCluster } from './types.js';

export interface EnvtestOptions {
  runId: string;
  /** Keep running after this process exits (npm run cluster:up). */
  detached?: boolean;
  /** Also start a kube-apiserver without watch cache (for the 410 Gone checkpoint). Default true. */
  uncachedServer?: boolean;
  log?: (line: string) => void;
}

export interface EnvtestCluster extends RunningCluster {
  dir: string;
  pids: number[];
}

/**
 * A real control plane as local processes: etcd, kube-apiserver with RBAC and
 * a service-account issuer, and kube-controller-manager running the
 * controllers whose absence a learner would notice (namespace deletion,
 * garbage collection, default service accounts). Everything binds to
 * 127.0.0.1 on free ports and lives in one temp dir removed on stop.
 */
export async function startEnvtest(options: EnvtestOptions): Promise<EnvtestCluster> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const binaries = await obtainBinaries(log);
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'bare-controller-envtest-'));
  const group = new ProcessGroup(options.detached);
  try {
    const token = randomBytes(24).toString('hex');
    writeFileSync(join(dir, 'tokens.csv'), `${token},bare-admin,bare-admin-uid,"system:masters"\n`);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(dir, 'sa.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }));

    const etcdUrl = await startEtcd(group, binaries, dir);
    const wantUncached = options.uncachedServer ?? true;
    const mainReady = startApiserver(group, binaries, dir, etcdUrl, token, 'kube-apiserver', []);
    // The second server serves the first one's certificate, so one CA in the kubeconfig trusts both.
    const uncachedReady = wantUncached
      ? waitForFile(join(dir, 'kube-apiserver-certs', 'apiserver.key'), 30_000).then(() =>
          startApiserver(group, binaries, dir, etcdUrl, token, 'kube-apiserver-uncached', [
            '--watch-cache=false',
            `--tls-cert-file=${join(dir, 'kube-apiserver-certs', 'apiserver.crt')}`,
            `--tls-private-key-file=${join(dir, 'kube-apiserver-certs', 'apiserver.key')}`,
          ]),
        )
      : undefined;
    const [main, uncached] = await Promise.all([mainReady, uncachedReady]);
    const kubeconfig = tokenKubeconfig({ name: `envtest-${options.runId}`, server: main.url, caPem: main.caPem, token });
    writeFileSync(join(dir, 'kubeconfig'), kubeconfig);

    if (binaries.kubeControllerManager) {
      group.start('kube-controller-manager', binaries.kubeControllerManager, [
        `--kubeconfig=${join(dir, 'kubeconfig')}`,
        // The controllers a learner would miss: namespace deletion, owner-reference cascade,
        // default service accounts, and the kube-root-ca.crt ConfigMap every real namespace has.
        '--controllers=namespace-controller,garbage-collector-controller,serviceaccount-controller,root-ca-certificate-publisher-controller',
        '--leader-elect=false',
        '--secure-port=0',
        '--concurrent-namespace-syncs=5',
        // The namespace controller rescans discovery; keep it quick for tests.
        '--namespace-sync-period=10s',
      ], join(dir, 'kube-controller-manager.log'));
      // The service-account controller creating "default" proves the controller manager is up.
      await waitUntil(group, 'kube-controller-manager', 60_000, async () => {
        const res = await apiGet(main.url, main.caPem, token, '/api/v1/namespaces/default/serviceaccounts/default');
        return res === 200;
      });
    } else {
      log('[envtest] no kube-controller-manager binary: namespaces will not finish deleting and owner references will not cascade');
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const info: ClusterInfo = {
      provider: 'envtest',
      kubeconfig,
      runId: options.runId,
      description: `envtest: etcd + kube-apiserver${uncached ? ' (+ one without watch cache)' : ''}${binaries.kubeControllerManager ? ' + kube-controller-manager' : ''} from ${binaries.dir} (${binaries.source}); ready in ${seconds}s`,
      capabilities: {
        controllers: Boolean(binaries.kubeControllerManager),
        etcdUrl,
        uncachedServerUrl: uncached?.url,
      },
    };
    return {
      info,
      dir,
      pids: group.pids(),
      async stop() {
        await group.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await group.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function startEtcd(group: ProcessGroup, binaries: ControlPlaneBinaries, dir: string): Promise<string> {
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const clientUrl = `http://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  group.start('etcd', binaries.etcd, [
    `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=${clientUrl}`,
    `--advertise-client-urls=${clientUrl}`,
    `--listen-peer-urls=${peerUrl}`,
    `--initial-advertise-peer-urls=${peerUrl}`,
    `--initial-cluster=default=${peerUrl}`,
    // A throwaway test store: durability buys nothing, fsync costs seconds.
    '--unsafe-no-fsync',
    '--log-level=warn',
  ], join(dir, 'etcd.log'));
  await waitUntil(group, 'etcd', 30_000, async () => {
    const res = await fetch(`${clientUrl}/health`).catch(() => undefined);
    return res?.ok === true && ((await res.json()) as { health?: string }).health === 'true';
  });
  return clientUrl;
}

async function startApiserver(
  group: ProcessGroup,
  binaries: ControlPlaneBinaries,
  dir: string,
  etcdUrl: string,
  token: string,
  name: string,
  extraArgs: string[],
): Promise<{ url: string; caPem: string }> {
  const port = await freePort();
  const certDir = join(dir, `${name}-certs`);
  mkdirSync(certDir, { recursive: true });
  group.start(name, binaries.kubeApiserver, [
    `--etcd-servers=${etcdUrl}`,
    `--bind-address=127.0.0.1`,
    `--advertise-address=127.0.0.1`,
    `--secure-port=${port}`,
    // No serving cert given: the API server writes a self-signed one (with its CA) here.
    `--cert-dir=${certDir}`,
    `--token-auth-file=${join(dir, 'tokens.csv')}`,
    '--authorization-mode=RBAC',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${join(dir, 'sa.key')}`,
    `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
    '--service-cluster-ip-range=10.0.0.0/24',
    '--allow-privileged=true',
    ...extraArgs,
  ], join(dir, `${name}.log`));
  const url = `https://127.0.0.1:${port}`;
  const certFile = extraArgs.find((a) => a.startsWith('--tls-cert-file='))?.split('=')[1] ?? join(certDir, 'apiserver.crt');
  let caPem = '';
  await waitUntil(group, name, 90_000, async () => {
    try {
      caPem = readFileSync(certFile, 'utf8');
    } catch {
      return false;
    }
    return (await apiGet(url, caPem, token, '/readyz')) === 200;
  });
  return { url, caPem };
}

async function apiGet(server: string, caPem: string, token: string, path: string): Promise<number | undefined> {
  const dispatcher = new Agent({ connect: { ca: caPem } });
  try {
    const res = await fetch(`${server}${path}`, { headers: { authorization: `Bearer ${token}` }, dispatcher });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return undefined;
  } finally {
    await dispatcher.close();
  }
}

async function waitForFile(path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} did not appear within ${timeoutMs / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Written by the API server just now: give it a moment to finish the file.
  await new Promise((resolve) => setTimeout(resolve, 100));
}

async function waitUntil(group: ProcessGroup, name: string, timeoutMs: number, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    group.assertAlive();
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${name} was not ready after ${timeoutMs / 1000}s. Last lines of its log:\n${group.logTail(name)}`);
}
