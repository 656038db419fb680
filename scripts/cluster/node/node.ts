import { CoreV1Api, KubeConfig, type V1Node } from '@kubernetes/client-node';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { NodeBinaries } from '../binaries.js';
import { kubeconfigFile } from '../kubeconfig-file.js';
import { ProcessGroup } from '../process-group.js';
import { ClusterSetupError, type NodeInfo } from '../types.js';
import { startContainerd, importImageArchive } from './containerd.js';
import { startKubeProxy } from './kube-proxy.js';
import { startKubeScheduler } from './kube-scheduler.js';
import { startKubelet } from './kubelet.js';
import { processesUsing, terminate } from '../processes.js';
import { clearCrashedNode, nodeRecordLive, cniNetnsNames, createPodCgroupParent, readNodeRecord, removeNodeRecord, sweepNode, writeNodeRecord, type NodeRecord } from './leftovers.js';
import { enableNodeSysctls, nodeNetwork, writeCniConfig } from './network.js';
import { goImageArchive, nodeImages } from './go-image.js';
import type { ClusterPki } from './pki.js';
import { cniBinDir } from './prerequisites.js';

export interface RunningNode {
  info: NodeInfo;
  /** Drains the node's pods, stops its processes and removes everything it made. */
  stop(): Promise<void>;
}

export interface NodeOptions {
  clusterDir: string;
  /** The API server as pods and the node see it: https://<node IP>:<port>. */
  server: string;
  adminKubeconfig: string;
  pki: ClusterPki;
  tokens: { kubeProxy: string; kubeScheduler: string };
  binaries: NodeBinaries;
  /** Where built artefacts (the pause image) are cached. */
  cacheDir: string;
  detached?: boolean;
  log: (line: string) => void;
}

/** The node's name: the machine's, as a kubelet would pick it. */
export function nodeName(): string {
  return hostname().toLowerCase();
}

/**
 * Refuses to start a second node on this machine, and cleans up after one
 * whose owner died. Call before anything binds the node's bridge or ports.
 */
export function claimNode(log: (line: string) => void): void {
  const record = readNodeRecord();
  if (!record) return;
  if (nodeRecordLive(record)) {
    throw new ClusterSetupError(
      `A node is already running on this machine (${record.ownerPid ? `started by process ${record.ownerPid}` : 'the dev cluster'}, in ${record.clusterDir}). ` +
        'One node per machine: stop it first (`npm run cluster:down` if it is the dev cluster), or let lab runs use that cluster.',
    );
  }
  clearCrashedNode(record, log);
}

/**
 * A real node next to the control plane: containerd → kubelet →
 * kube-scheduler → kube-proxy, ready when the node reports Ready and has no
 * NoSchedule taint left. Call claimNode() and create the bridge first.
 */
export async function startNode(options: NodeOptions): Promise<RunningNode> {
  const started = Date.now();
  const dir = join(options.clusterDir, 'node');
  mkdirSync(dir, { recursive: true });
  const name = nodeName();
  const group = new ProcessGroup(options.detached);
  const record: NodeRecord = {
    ownerPid: options.detached ? 0 : process.pid,
    clusterDir: options.clusterDir,
    nodeDir: dir,
    netnsBefore: cniNetnsNames(),
    sysctls: {},
    kubeProxy: options.binaries.kubeProxy,
  };
  const info: NodeInfo = {
    name,
    ip: nodeNetwork.nodeIp,
    podCidr: nodeNetwork.podCidr,
    containerdAddress: join(dir, 'containerd', 'containerd.sock'),
    kubectl: options.binaries.kubectl,
    dir,
    netnsBefore: record.netnsBefore,
  };
  const stop = async () => {
    await drainNode(options.adminKubeconfig, name, () => group.stopOne('kube-scheduler'));
    await group.stop();
    sweepNode(record);
    removeNodeRecord();
  };

  try {
    const pause = goImageArchive(options.cacheDir, nodeImages.pause, options.log);
    const cni = { conf: join(dir, 'cni', 'net.d'), ipam: join(dir, 'cni', 'ipam') };
    writeCniConfig(cni.conf, cni.ipam);
    record.sysctls = enableNodeSysctls();
    createPodCgroupParent();
    writeNodeRecord(record);

    const containerd = await startContainerd(group, join(dir, 'containerd'), { sandboxImage: nodeImages.pause.ref, cniBinDir: cniBinDir(), cniConfDir: cni.conf });
    importImageArchive(containerd.address, pause);

    const kubeconfigs = {
      kubelet: kubeconfigFile({ name: 'kubelet', server: options.server, caPem: options.pki.caPem, credential: { clientCertificate: options.pki.kubeletClient.cert, clientKey: options.pki.kubeletClient.key } }),
      scheduler: kubeconfigFile({ name: 'kube-scheduler', server: options.server, caPem: options.pki.caPem, credential: { token: options.tokens.kubeScheduler } }),
      proxy: kubeconfigFile({ name: 'kube-proxy', server: options.server, caPem: options.pki.caPem, credential: { token: options.tokens.kubeProxy } }),
    };
    for (const [component, text] of Object.entries(kubeconfigs)) writeFileSync(join(dir, `${component}.kubeconfig`), text, { mode: 0o600 });

    startKubelet(group, { binary: options.binaries.kubelet, dir: join(dir, 'kubelet'), nodeName: name, nodeIp: nodeNetwork.nodeIp, kubeconfigFile: join(dir, 'kubelet.kubeconfig'), pki: options.pki, containerdAddress: containerd.address });
    startKubeScheduler(group, { binary: options.binaries.kubeScheduler, dir, kubeconfigFile: join(dir, 'scheduler.kubeconfig') });
    const proxy = await startKubeProxy(group, { binary: options.binaries.kubeProxy, dir, nodeName: name, kubeconfigFile: join(dir, 'proxy.kubeconfig') });

    await waitForNodeReady(options.adminKubeconfig, name, group, proxy.healthzUrl);
    options.log(`[node] ${name} Ready in ${((Date.now() - started) / 1000).toFixed(1)}s (containerd, kubelet, kube-scheduler, kube-proxy; pods on ${nodeNetwork.podCidr})`);
    return { info, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/**
 * Stops a node this process did not start (the dev cluster's, from
 * `npm run cluster:down`): drain as usual, then end its processes by folder and sweep.
 */
export async function stopDetachedNode(record: NodeRecord, adminKubeconfig: string): Promise<void> {
  const named = (pattern: string) =>
    processesUsing(record.nodeDir).filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(pattern);
      } catch {
        return false;
      }
    });
  await drainNode(adminKubeconfig, nodeName(), () => terminate(named('kube-scheduler'), 5_000));
  await terminate(processesUsing(record.nodeDir), 5_000);
  sweepNode(record);
  removeNodeRecord();
}

function coreApi(adminKubeconfig: string): CoreV1Api {
  const kc = new KubeConfig();
  kc.loadFromString(adminKubeconfig);
  return kc.makeApiClient(CoreV1Api);
}

function isSchedulable(node: V1Node): boolean {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  const blocking = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  return ready && blocking.length === 0;
}

async function waitForNodeReady(adminKubeconfig: string, name: string, group: ProcessGroup, proxyHealthz: string): Promise<void> {
  const core = coreApi(adminKubeconfig);
  const deadline = Date.now() + 90_000;
  let last = 'not registered yet';
  while (Date.now() < deadline) {
    group.assertAlive();
    try {
      const node = await core.readNode({ name });
      const proxyOk = (await fetch(proxyHealthz).then((r) => r.status).catch(() => 0)) === 200;
      if (isSchedulable(node) && proxyOk) return;
      last = `Ready=${node.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? '?'}, taints=${(node.spec?.taints ?? []).map((t) => t.key).join(',') || 'none'}, kube-proxy healthy=${proxyOk}`;
    } catch {
      // not registered yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`node ${name} did not become Ready and untainted within 90s (${last}). Last lines of the kubelet's log:\n${group.logTail('kubelet')}`);
}

/**
 * Stops the scheduler so nothing new lands, then deletes every pod on the
 * node and waits for the kubelet to tear each down (containers stopped,
 * CNI detached), so the sweep after it finds nothing to force.
 */
async function drainNode(adminKubeconfig: string, name: string, stopScheduler: () => Promise<void>): Promise<void> {
  await stopScheduler();
  const core = coreApi(adminKubeconfig);
  const onNode = async () => (await core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${name}` })).items;
  try {
    for (const pod of await onNode()) {
      await core.deleteNamespacedPod({ name: pod.metadata!.name!, namespace: pod.metadata!.namespace!, gracePeriodSeconds: 5 }).catch(() => undefined);
    }
    const deadline = Date.now() + 30_000;
    while ((await onNode()).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
  } catch {
    // The API server may be gone already (a crash): the sweep does the rest.
  }
}
