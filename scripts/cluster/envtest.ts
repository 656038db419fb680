import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch } from 'undici';
import { obtainBinaries, obtainNodeBinaries, type ControlPlaneBinaries, type NodeBinaries } from './binaries.js';
import { tokenKubeconfigYaml } from './kubeconfig-file.js';
import { createBridge, deleteBridge, kubernetesServiceIp, nodeNetwork, serviceCidr } from './node/network.js';
import { claimNode, nodeName, startNode, type RunningNode } from './node/node.js';
import { apiserverKubeletClientUser, createClusterPki, type ClusterPki } from './node/pki.js';
import { nodeSupport } from './node/prerequisites.js';
import { cacheDir } from './paths.js';
import { LazyServer, type Upstream } from './lazy-server.js';
import { testClusterApiserverFlags } from './apiserver-flags.js';
import { keepSeed, plantSeed, seedFile } from './bootstrap-seed.js';
import { PhaseTimer, type Phase } from './phases.js';
import { selfSignedServingCert, type ServingCert } from './serving-cert.js';
import { freePort } from './ports.js';
import { ProcessGroup } from './process-group.js';
import { ClusterSetupError, type ClusterInfo, type RunningCluster } from './types.js';

export interface EnvtestOptions {
  runId: string;
  /** Keep running after this process exits (npm run cluster:up). */
  detached?: boolean;
  /**
   * Also a kube-apiserver without watch cache (for the 410 Gone checkpoints). Default true. It starts
   * on the first connection to its URL (~0.5–1 s then), except in a detached cluster: at once.
   */
  uncachedServer?: boolean;
  /** Add a real node (containerd, kubelet, kube-scheduler, kube-proxy) so pods run. Linux and root only. */
  node?: boolean;
  log?: (line: string) => void;
}

export interface EnvtestCluster extends RunningCluster {
  dir: string;
  pids: number[];
  /** How long each step of the start took (npm run bench -- control-plane reports them). */
  phases: Phase[];
  /**
   * Resolves once the bootstrap hooks are done and the controller manager runs. A test cluster is
   * handed out before (its API already serves everything a checkpoint calls); other starts await it.
   */
  settled: Promise<void>;
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
  const timer = new PhaseTimer();
  const { binaries, nodeBinaries } = await obtainAllBinaries(options, timer, log);
  const started = Date.now();
  const parts: ClusterParts = { dir: mkdtempSync(join(tmpdir(), 'bare-controller-envtest-')), group: new ProcessGroup(options.detached), withBridge: Boolean(options.node), stopping: false };
  try {
    const credentials = await writeCredentials(parts.dir, options, timer);
    // With a node, the API server listens on the node's bridge address: pods reach it
    // there through the `kubernetes` Service, and nothing outside this machine can.
    const pki = options.node ? prepareNodeNetwork(parts.dir) : undefined;
    const plane: ControlPlane = { group: parts.group, binaries, dir: parts.dir, token: credentials.token, address: options.node ? nodeNetwork.nodeIp : '127.0.0.1', pki, etcdUrl: '' };
    const servers = await startStore(plane, options, parts, timer, log);
    const kubeconfig = tokenKubeconfigYaml({ name: `envtest-${options.runId}`, server: servers.main.url, caPem: servers.main.caPem, token: plane.token });
    writeFileSync(join(parts.dir, 'kubeconfig'), kubeconfig);
    const settled = settleControlPlane(plane, servers, parts, timer, log);
    // With the bootstrap objects planted, a test cluster is handed out once its API serves: what the
    // controller manager does (namespace deletion, garbage collection, default service accounts) is
    // asynchronous anyway, and checkpoints wait for it. The first start with a binary, a dev cluster
    // and a cluster with a node wait for everything.
    const handOutEarly = servers.seeded && !options.detached && !options.node;
    if (handOutEarly) {
      settled.catch((error: unknown) => {
        if (!parts.stopping) log(`[envtest] ${(error as Error).message}`);
      });
    } else {
      await settled;
    }
    if (pki && nodeBinaries) {
      parts.node = await addNode(plane, servers.main, { kubeconfig, nodeTokens: credentials.nodeTokens, nodeBinaries, pki, detached: options.detached }, timer, log);
    }
    const description = describeEnvtest({ binaries, servers, node: parts.node, seconds: (Date.now() - started) / 1000, handOutEarly });
    const info: ClusterInfo = {
      provider: 'envtest',
      kubeconfig,
      runId: options.runId,
      description,
      capabilities: { controllers: Boolean(binaries.kubeControllerManager), etcdUrl: plane.etcdUrl, uncachedServerUrl: servers.uncached?.url, node: parts.node?.info },
    };
    return { info, dir: parts.dir, pids: parts.group.pids(), phases: timer.phases, settled, stop: () => stopParts(parts) };
  } catch (error) {
    // The start's own error is the one to report, not a failure of the clean-up after it.
    await stopParts(parts, { quiet: true });
    throw error;
  }
}

/** What a start has made so far, for the one stop that undoes it (on success later, on failure at once). */
interface ClusterParts {
  dir: string;
  group: ProcessGroup;
  withBridge: boolean;
  node?: RunningNode;
  uncachedFront?: LazyServer;
  /** Set before the processes are stopped, so a controller manager about to start in the background does not. */
  stopping: boolean;
}

async function stopParts(parts: ClusterParts, { quiet = false } = {}): Promise<void> {
  parts.stopping = true;
  await parts.node?.stop().catch((error: unknown) => {
    if (!quiet) throw error;
  });
  await parts.uncachedFront?.close();
  await parts.group.stop();
  if (parts.withBridge) deleteBridge();
  rmSync(parts.dir, { recursive: true, force: true });
}

/** What every control-plane process of one cluster shares. */
interface ControlPlane {
  group: ProcessGroup;
  binaries: ControlPlaneBinaries;
  dir: string;
  /** The admin's bearer token. */
  token: string;
  /** Where the API servers listen: 127.0.0.1, or the node's bridge address. */
  address: string;
  /** The cluster CA and certificates, with a node only. */
  pki: ClusterPki | undefined;
  /** Set once etcd is started. */
  etcdUrl: string;
}

async function obtainAllBinaries(options: EnvtestOptions, timer: PhaseTimer, log: (line: string) => void): Promise<{ binaries: ControlPlaneBinaries; nodeBinaries?: NodeBinaries }> {
  const binaries = await timer.time('binaries', () => obtainBinaries(log));
  if (!options.node) return { binaries };
  const nodeBinaries = await obtainNodeBinaries(binaries, log);
  const support = nodeSupport();
  if (!support.ok) throw new ClusterSetupError(`No node can run here: ${support.why}`);
  claimNode(log);
  return { binaries, nodeBinaries };
}

/** The token file (the admin, and with a node the identities the default RBAC bindings know) and the service-account key. */
async function writeCredentials(dir: string, options: EnvtestOptions, timer: PhaseTimer): Promise<{ token: string; nodeTokens: NodeTokens }> {
  const token = randomBytes(24).toString('hex');
  const nodeTokens = { kubeProxy: randomBytes(24).toString('hex'), kubeScheduler: randomBytes(24).toString('hex') };
  writeFileSync(join(dir, 'tokens.csv'), [
    `${token},bare-admin,bare-admin-uid,"system:masters"`,
    // The identities the default RBAC bindings already know (system:node-proxier, system:kube-scheduler).
    ...(options.node ? [`${nodeTokens.kubeProxy},system:kube-proxy,kube-proxy-uid`, `${nodeTokens.kubeScheduler},system:kube-scheduler,kube-scheduler-uid`] : []),
  ].join('\n') + '\n');
  // ECDSA: signs ServiceAccount tokens as well as RSA does, and is made in 0.2 ms instead of ~80.
  const { privateKey } = await timer.time('service-account key', async () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }));
  // SEC1 ("EC PRIVATE KEY"): the API server reads EC keys in that form only, not as PKCS #8.
  writeFileSync(join(dir, 'sa.key'), privateKey.export({ type: 'sec1', format: 'pem' }));
  return { token, nodeTokens };
}

function prepareNodeNetwork(dir: string): ClusterPki {
  createBridge();
  return createClusterPki(join(dir, 'pki'), { nodeName: nodeName(), nodeIp: nodeNetwork.nodeIp, serviceIp: kubernetesServiceIp });
}

interface StartedServers {
  main: StartedApiserver;
  /** The API server without watch cache: started, or a front that starts it on first use. */
  uncached?: { url: string };
  startedOnFirstUse: boolean;
  /** The default RBAC roles and priority classes were planted from an earlier start. */
  seeded: boolean;
  /** Where they are kept between starts. */
  seed: string;
}

/** The tokens of the node's kube-proxy and kube-scheduler. */
interface NodeTokens {
  kubeProxy: string;
  kubeScheduler: string;
}

/**
 * etcd and the API servers. They start together: the API server first calls etcd ~0.3 s into its
 * start (and retries until it answers), etcd answers after ~0.1 s. Without a node, the API servers
 * serve an EC certificate of ours, made meanwhile.
 */
async function startStore(plane: ControlPlane, options: EnvtestOptions, parts: ClusterParts, timer: PhaseTimer, log: (line: string) => void): Promise<StartedServers> {
  const etcd = await startEtcd(plane.group, plane.binaries, plane.dir);
  plane.etcdUrl = etcd.url;
  const etcdReady = timer.time('etcd', () => etcd.ready);
  etcdReady.catch(() => undefined); // awaited below; this only keeps an early failure from counting as unhandled
  const servingCert = plane.pki ? undefined : await timer.time('serving certificate', () => selfSignedServingCert(join(plane.dir, 'serving'), plane.address));
  const tls: TlsFiles | undefined = plane.pki ? { cert: plane.pki.apiserver.cert, key: plane.pki.apiserver.key, caPem: plane.pki.caPem } : servingCert;
  // The default RBAC roles and priority classes, kept from an earlier start (see bootstrap-seed.ts),
  // written while the API server starts: its first look into etcd comes later.
  const seed = seedFile(plane.binaries.kubeApiserver);
  const planted = etcdReady.then(() =>
    timer.time('bootstrap objects planted', () =>
      plantSeed(plane.etcdUrl, seed).catch((error: unknown) => (log(`[envtest] could not plant the bootstrap objects: ${(error as Error).message}`), false)),
    ),
  );
  planted.catch(() => undefined); // awaited below
  const wantUncached = options.uncachedServer ?? true;
  const mainReady = timer.time('kube-apiserver', () => startApiserver(plane, { name: 'kube-apiserver', tls }));
  const startUncached = () => startUncachedApiserver(plane, tls).then(async (server) => {
    // Its own bootstrap hooks only rewrite what is in etcd already (planted, or by the first server's hooks).
    if (!(await planted)) await server.bootstrapped;
    return server;
  });
  // Only the 410 Gone checkpoints use it, and two API servers starting at once share two cores: start it
  // when they first connect, behind a front that listens now. A detached cluster outlives this process,
  // and the front with it, so it starts its second server at once.
  const lazy = wantUncached && !options.detached;
  if (lazy) parts.uncachedFront = await LazyServer.listen(plane.address, () => startOnFirstUse(startUncached, log), log);
  const [main, uncachedEager] = await Promise.all([mainReady, wantUncached && !lazy ? timer.time('kube-apiserver-uncached', startUncached) : undefined, etcdReady]);
  const seeded = await planted;
  const uncached = parts.uncachedFront ? { url: `https://${plane.address}:${parts.uncachedFront.port}` } : uncachedEager;
  return { main, uncached, startedOnFirstUse: Boolean(parts.uncachedFront), seeded, seed };
}

/**
 * The second API server, without watch cache; only one server may maintain the `kubernetes`
 * Service's endpoints. Both serve one certificate, so one CA trusts both: ours, or without it the
 * first server's self-signed one.
 */
function startUncachedApiserver(plane: ControlPlane, tls: TlsFiles | undefined): Promise<StartedApiserver> {
  const extraArgs = ['--watch-cache=false', '--endpoint-reconciler-type=none'];
  if (tls) return startApiserver(plane, { name: 'kube-apiserver-uncached', tls, extraArgs });
  const certs = join(plane.dir, 'kube-apiserver-certs');
  return waitForFile(join(certs, 'apiserver.key'), 30_000).then(() =>
    startApiserver({ ...plane, pki: undefined }, {
      name: 'kube-apiserver-uncached',
      extraArgs: [...extraArgs, `--tls-cert-file=${join(certs, 'apiserver.crt')}`, `--tls-private-key-file=${join(certs, 'apiserver.key')}`],
    }),
  );
}

/**
 * The bootstrap hooks, then the controller manager: it polls /healthz once a second until the hooks
 * are done, so started before them it waits for its next poll (up to a second); started after, it never waits.
 */
async function settleControlPlane(plane: ControlPlane, servers: StartedServers, parts: ClusterParts, timer: PhaseTimer, log: (line: string) => void): Promise<void> {
  await timer.time('kube-apiserver bootstrap hooks', () => servers.main.bootstrapped);
  // Kept for the next start now that the hooks wrote them, before the controller manager writes more.
  if (!servers.seeded) await keepSeed(plane.etcdUrl, servers.seed).catch((error: unknown) => log(`[envtest] could not keep the bootstrap objects for the next start: ${(error as Error).message}`));
  const binary = plane.binaries.kubeControllerManager;
  if (!binary) {
    log(`[envtest] no kube-controller-manager in ${plane.binaries.dir} (${plane.binaries.source === 'envtest release archive' ? 'the envtest release archive has none' : plane.binaries.source}): namespaces never finish deleting and owner references do not cascade, so stages 4, 6 and 8 skip what waits for them; with Go 1.26+ the workbook builds it`);
    return;
  }
  if (parts.stopping) return;
  startControllerManager(plane.group, binary, plane.dir, plane.pki);
  // The service-account controller creating "default" proves the controller manager is up.
  await timer.time('kube-controller-manager', () =>
    waitUntil(plane.group, 'kube-controller-manager', 60_000, async () => (await apiGet(servers.main.url, servers.main.caPem, plane.token, '/api/v1/namespaces/default/serviceaccounts/default')) === 200),
  );
}

/** The node: containerd, kubelet, kube-scheduler and kube-proxy, registered with this control plane. */
async function addNode(
  plane: ControlPlane,
  main: StartedApiserver,
  node: { kubeconfig: string; nodeTokens: NodeTokens; nodeBinaries: NodeBinaries; pki: ClusterPki; detached: boolean | undefined },
  timer: PhaseTimer,
  log: (line: string) => void,
): Promise<RunningNode> {
  if (!plane.binaries.kubeControllerManager) throw new ClusterSetupError('A node needs kube-controller-manager (Deployments, the node lifecycle); these binaries have none.');
  // The API server calls the kubelet (logs, exec) as this user; the kubelet asks RBAC whether it may.
  await apiPost(main.url, main.caPem, plane.token, '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
    metadata: { name: 'bare-controller:apiserver-kubelet-client' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:kubelet-api-admin' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: apiserverKubeletClientUser }],
  });
  return timer.time('node', () =>
    startNode({ clusterDir: plane.dir, server: main.url, adminKubeconfig: node.kubeconfig, pki: node.pki, tokens: node.nodeTokens, binaries: node.nodeBinaries, cacheDir: cacheDir(), detached: node.detached, log }),
  );
}

/** One line: what runs, from where, and how soon it was ready. */
function describeEnvtest(cluster: { binaries: ControlPlaneBinaries; servers: StartedServers; node: RunningNode | undefined; seconds: number; handOutEarly: boolean }): string {
  const { binaries, servers, node } = cluster;
  return `envtest: etcd + kube-apiserver${servers.uncached ? ` (+ one without watch cache${servers.startedOnFirstUse ? ', started on first use' : ''})` : ''}${binaries.kubeControllerManager ? ' + kube-controller-manager' : ''}${node ? ` + node ${node.info.name} (containerd, kubelet, kube-scheduler, kube-proxy)` : ''} from ${binaries.dir} (${binaries.source}); ready in ${cluster.seconds.toFixed(1)}s${cluster.handOutEarly ? ' (the controller manager starting)' : ''}`;
}

/** Starts etcd; `ready` resolves once it answers /health. */
async function startEtcd(group: ProcessGroup, binaries: ControlPlaneBinaries, dir: string): Promise<{ url: string; ready: Promise<void> }> {
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
    // One member elects itself after an election timeout, randomised in [1, 2) s by default: 10× shorter.
    '--heartbeat-interval=10',
    '--election-timeout=100',
  ], join(dir, 'etcd.log'));
  const ready = waitUntil(group, 'etcd', 30_000, async () => {
    const res = await fetch(`${clientUrl}/health`).catch(() => undefined);
    return res?.ok === true && ((await res.json()) as { health?: string }).health === 'true';
  }, 20);
  return { url: clientUrl, ready };
}

/** The serving certificate and key an API server is given, and the CA its clients trust. */
type TlsFiles = ServingCert;

/** One kube-apiserver of the plane: its name (for its log and certificate folder), its certificate if given one, and its own flags. */
interface ApiserverSpec {
  name: string;
  tls?: TlsFiles;
  extraArgs?: string[];
}

async function startApiserver(plane: ControlPlane, { name, tls, extraArgs = [] }: ApiserverSpec): Promise<StartedApiserver> {
  const { group, binaries, dir, etcdUrl, token, address, pki } = plane;
  const port = await freePort();
  const certDir = join(dir, `${name}-certs`);
  mkdirSync(certDir, { recursive: true });
  // With a node: our CA signs the serving certificate, trusts client certificates (the
  // kubelet's), and the kubelet is called with a certificate of its own, as kubeadm sets up.
  const nodeArgs = pki
    ? [
        `--client-ca-file=${pki.ca.cert}`,
        `--kubelet-client-certificate=${pki.apiserverKubeletClient.cert}`,
        `--kubelet-client-key=${pki.apiserverKubeletClient.key}`,
        `--kubelet-certificate-authority=${pki.ca.cert}`,
        '--kubelet-preferred-address-types=InternalIP',
        '--authorization-mode=Node,RBAC',
        '--enable-admission-plugins=NodeRestriction',
      ]
    : ['--authorization-mode=RBAC', ...testClusterApiserverFlags()];
  group.start(name, binaries.kubeApiserver, [
    `--etcd-servers=${etcdUrl}`,
    `--bind-address=${address}`,
    `--advertise-address=${address}`,
    `--secure-port=${port}`,
    // Without a serving certificate given, the API server writes a self-signed one (with its CA) here.
    `--cert-dir=${certDir}`,
    ...(tls ? [`--tls-cert-file=${tls.cert}`, `--tls-private-key-file=${tls.key}`] : []),
    `--token-auth-file=${join(dir, 'tokens.csv')}`,
    ...nodeArgs,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${join(dir, 'sa.key')}`,
    `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
    `--service-cluster-ip-range=${serviceCidr}`,
    '--allow-privileged=true',
    // Priority and fairness queues requests under load; a test cluster has one client at a time,
    // and its bootstrap (configuration objects written and watched) costs start-up time.
    '--enable-priority-and-fairness=false',
    ...extraArgs,
  ], join(dir, `${name}.log`));
  const url = `https://${address}:${port}`;
  const certFile = extraArgs.find((a) => a.startsWith('--tls-cert-file='))?.split('=')[1] ?? join(certDir, 'apiserver.crt');
  let caPem = tls?.caPem ?? '';
  await waitUntil(group, name, 90_000, async () => {
    if (!tls) {
      try {
        caPem = readFileSync(certFile, 'utf8');
      } catch {
        return false;
      }
    }
    return (await apiGet(url, caPem, token, `/readyz?${bootstrapHooks.map((hook) => `exclude=${hook}`).join('&')}`)) === 200;
  }, 20);
  // /healthz, not /readyz: what the controller manager waits for. Polled finely: it starts right after.
  const bootstrapped = waitUntil(group, name, 60_000, async () => (await apiGet(url, caPem, token, '/healthz')) === 200, 20);
  bootstrapped.catch(() => undefined); // awaited by the caller; this only keeps an early failure from counting as unhandled
  return { url, caPem, bootstrapped };
}

/**
 * The controllers a learner would miss: namespace deletion, owner-reference cascade,
 * default service accounts, and the kube-root-ca.crt ConfigMap every real namespace has.
 */
function startControllerManager(group: ProcessGroup, binary: string, dir: string, pki: ClusterPki | undefined): void {
  const controllers = ['namespace-controller', 'garbage-collector-controller', 'serviceaccount-controller', 'root-ca-certificate-publisher-controller'];
  // With a node, what workloads need: Deployments → ReplicaSets → Pods, the not-ready
  // taint lifted once the node is Ready, Service endpoints, PDB status, and pod clean-up.
  if (pki) {
    controllers.push('deployment-controller', 'replicaset-controller', 'node-lifecycle-controller', 'endpointslice-controller',
      'endpointslice-mirroring-controller', 'disruption-controller', 'pod-garbage-collector-controller');
  }
  group.start('kube-controller-manager', binary, [
    `--kubeconfig=${join(dir, 'kubeconfig')}`,
    `--controllers=${controllers.join(',')}`,
    ...(pki ? [`--root-ca-file=${pki.ca.cert}`] : []),
    '--leader-elect=false',
    '--secure-port=0',
    '--concurrent-namespace-syncs=5',
    // The namespace controller rescans discovery; keep it quick for tests.
    '--namespace-sync-period=10s',
  ], join(dir, 'kube-controller-manager.log'));
}

/**
 * The two post-start hooks that write the default RBAC roles and priority classes. Each
 * waits a full second (wait.Poll) before its first try, so they finish ~1 s after the API
 * server serves; the controller manager (admin, system:masters) needs neither, and starts meanwhile.
 */
const bootstrapHooks = ['poststarthook/rbac/bootstrap-roles', 'poststarthook/scheduling/bootstrap-system-priority-classes'];

interface StartedApiserver {
  url: string;
  caPem: string;
  /** Resolves once /healthz passes: the bootstrap hooks are done. */
  bootstrapped: Promise<void>;
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

async function apiPost(server: string, caPem: string, token: string, path: string, body: unknown): Promise<void> {
  const dispatcher = new Agent({ connect: { ca: caPem } });
  try {
    const res = await fetch(`${server}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body), dispatcher });
    const text = await res.text();
    if (!res.ok && res.status !== 409) throw new Error(`POST ${path} answered ${res.status}: ${text}`);
  } finally {
    await dispatcher.close();
  }
}

/** The lazily started server, with a line saying it was needed and how long it took. */
async function startOnFirstUse(start: () => Promise<{ url: string }>, log: (line: string) => void): Promise<Upstream> {
  const began = performance.now();
  const { url } = await start();
  log(`[envtest] kube-apiserver without watch cache started on first use in ${((performance.now() - began) / 1000).toFixed(1)} s`);
  const { hostname, port } = new URL(url);
  return { host: hostname, port: Number(port) };
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

async function waitUntil(group: ProcessGroup, name: string, timeoutMs: number, ready: () => Promise<boolean>, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    group.assertAlive();
    if (await ready()) return;
    // Finely: each wait ends up to one interval after the process is ready. The waits a start is
    // made of (etcd, the API server, its hooks) poll every 20 ms; the controller manager every 50.
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`${name} was not ready after ${timeoutMs / 1000}s. Last lines of its log:\n${group.logTail(name)}`);
}
