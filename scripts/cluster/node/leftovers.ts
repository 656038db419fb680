import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deleteBridge, nodeNetwork, restoreSysctls } from './network.js';
import { podCgroupParent } from './kubelet.js';
import { alive, processesUsing } from '../processes.js';
import { run, succeeds } from './run.js';

/**
 * One node per machine (a bridge, ports 10250 and 10248, iptables rules), so
 * its record lives at a fixed place. A start that finds a record whose owner
 * is gone (a test run killed with SIGKILL) cleans up after it first.
 */
const recordPath = '/run/bare-controller/node.json';

export interface NodeRecord {
  /** The process that started the node and will stop it; 0 for a detached dev cluster, which outlives its starter. */
  ownerPid: number;
  /** The cluster's folder (etcd data, certificates) and the node's inside it. */
  clusterDir: string;
  nodeDir: string;
  /** Network namespaces that existed before the node started: not ours to remove. */
  netnsBefore: string[];
  sysctls: Record<string, string>;
  kubeProxy: string;
}

export function readNodeRecord(): NodeRecord | undefined {
  try {
    return JSON.parse(readFileSync(recordPath, 'utf8')) as NodeRecord;
  } catch {
    return undefined;
  }
}

export function writeNodeRecord(record: NodeRecord): void {
  mkdirSync(join(recordPath, '..'), { recursive: true });
  writeFileSync(recordPath, JSON.stringify(record, null, 2));
}

export function removeNodeRecord(): void {
  rmSync(recordPath, { force: true });
}

/** Is the node of this record still running: its owner alive, or (detached) any of its processes? */
export function nodeRecordLive(record: NodeRecord): boolean {
  return record.ownerPid > 0 ? alive(record.ownerPid) : processesUsing(record.nodeDir).length > 0;
}

const netnsDir = '/var/run/netns';

export function cniNetnsNames(): string[] {
  return existsSync(netnsDir) ? readdirSync(netnsDir).filter((name) => name.startsWith('cni-')) : [];
}

function cgroupHierarchies(): string[] {
  const root = '/sys/fs/cgroup';
  if (!existsSync(root)) return [];
  // cgroup v2: one tree. v1: one per controller (symlinked aliases such as cpu,cpuacct are skipped).
  if (existsSync(join(root, 'cgroup.controllers'))) return [root];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'unified')
    .map((entry) => join(root, entry.name));
}

/** Creates the pods' parent cgroup in every hierarchy: the kubelet requires its cgroupRoot to exist. */
export function createPodCgroupParent(): void {
  for (const hierarchy of cgroupHierarchies()) mkdirSync(join(hierarchy, podCgroupParent), { recursive: true });
}

/** Every process in the pods' cgroups: containers whose shim is gone keep running otherwise. */
function podProcesses(): number[] {
  const pids = new Set<number>();
  const walk = (dir: string) => {
    try {
      for (const line of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n')) if (line) pids.add(Number(line));
      for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) walk(join(dir, entry.name));
    } catch {
      // gone already
    }
  };
  for (const hierarchy of cgroupHierarchies()) walk(join(hierarchy, podCgroupParent));
  return [...pids];
}

function removeCgroupTree(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) removeCgroupTree(join(dir, entry.name));
  try {
    rmdirSync(dir);
  } catch {
    // still has a process: reported by findNodeLeftovers
  }
}

function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((mountPoint) => mountPoint === dir || mountPoint.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}

/** iptables chains of the node: kube-proxy's and kubelet's KUBE-*, the CNI plugins' CNI-*. */
const chainPrefixes = ['KUBE-', 'CNI-'];
const tables = ['nat', 'filter', 'mangle'];

function nodeChains(table: string): string[] {
  const dump = run('iptables-save', ['-t', table], { allowFailure: true });
  return dump.split('\n').filter((line) => line.startsWith(':') && chainPrefixes.some((p) => line.startsWith(`:${p}`))).map((line) => line.slice(1).split(' ')[0]!);
}

function removeChains(): void {
  for (const table of tables) {
    const chains = nodeChains(table);
    if (chains.length === 0) continue;
    const dump = run('iptables-save', ['-t', table], { allowFailure: true });
    // Rules in built-in chains that jump into ours go first, then ours are flushed and deleted.
    for (const line of dump.split('\n')) {
      const match = /^-A (\S+) (.*)$/.exec(line);
      if (!match || chains.includes(match[1]!)) continue;
      if (chains.some((chain) => match[2]!.includes(`-j ${chain}`))) run('sh', ['-c', `iptables -t ${table} -D ${match[1]} ${match[2]}`], { allowFailure: true });
    }
    for (const chain of chains) run('iptables', ['-t', table, '-F', chain], { allowFailure: true });
    for (const chain of chains) run('iptables', ['-t', table, '-X', chain], { allowFailure: true });
  }
}

/**
 * Removes whatever a node left on this machine, whether it stopped cleanly
 * or its owner was killed: processes, mounts, network namespaces and veths,
 * the bridge, iptables rules, cgroups, files. Safe to run twice.
 */
export function sweepNode(record: Omit<NodeRecord, 'ownerPid' | 'clusterDir'>): void {
  killAll([...processesUsing(record.nodeDir), ...podProcesses()]);
  const deadline = Date.now() + 5_000;
  while ([...processesUsing(record.nodeDir), ...podProcesses()].length > 0 && Date.now() < deadline) run('sleep', ['0.1']);

  for (const mountPoint of mountsUnder(record.nodeDir)) run('umount', ['-l', mountPoint], { allowFailure: true });
  for (const name of cniNetnsNames().filter((n) => !record.netnsBefore.includes(n))) {
    // Deleting the namespace also deletes the pod's end of each veth, and with it the host's end.
    if (succeeds('ip', ['netns', 'delete', name])) continue;
    run('umount', ['-l', join(netnsDir, name)], { allowFailure: true });
    rmSync(join(netnsDir, name), { force: true });
  }
  if (existsSync(record.kubeProxy)) run(record.kubeProxy, ['--cleanup', '--proxy-mode=iptables'], { allowFailure: true });
  removeChains();
  deleteBridge();
  for (const hierarchy of cgroupHierarchies()) removeCgroupTree(join(hierarchy, podCgroupParent));
  const cniCache = '/var/lib/cni/results';
  if (existsSync(cniCache)) for (const file of readdirSync(cniCache).filter((f) => f.startsWith(`${nodeNetwork.cniNetwork}-`))) rmSync(join(cniCache, file), { force: true });
  restoreSysctls(record.sysctls);
  rmSync(record.nodeDir, { recursive: true, force: true });
}

/**
 * A node whose owner was killed (SIGKILL, a crash): its whole cluster is
 * orphaned. Ends every process of that cluster (matched by its folder, not by
 * a recorded PID, which may belong to someone else by now), then sweeps.
 */
export function clearCrashedNode(record: NodeRecord, log: (line: string) => void): void {
  log(`[node] a node left by process ${record.ownerPid}, which is gone, is still set up: cleaning it up first`);
  killAll(processesUsing(record.clusterDir));
  sweepNode(record);
  rmSync(record.clusterDir, { recursive: true, force: true });
  removeNodeRecord();
}

function killAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** What a stopped node must not have left behind; empty when it stopped cleanly. */
export function findNodeLeftovers(record: Pick<NodeRecord, 'nodeDir' | 'netnsBefore'>): string[] {
  const found: string[] = [];
  const procs = processesUsing(record.nodeDir);
  if (procs.length) found.push(`processes still running from ${record.nodeDir}: ${procs.join(', ')}`);
  const pods = podProcesses();
  if (pods.length) found.push(`processes still in pod cgroups: ${pods.join(', ')}`);
  const mounts = mountsUnder(record.nodeDir);
  if (mounts.length) found.push(`mounts: ${mounts.join(', ')}`);
  const netns = cniNetnsNames().filter((n) => !record.netnsBefore.includes(n));
  if (netns.length) found.push(`network namespaces: ${netns.join(', ')}`);
  if (succeeds('ip', ['link', 'show', nodeNetwork.bridge])) found.push(`the bridge ${nodeNetwork.bridge}`);
  const veths = run('ip', ['-o', 'link', 'show', 'type', 'veth'], { allowFailure: true }).split('\n').filter((l) => l.includes(`master ${nodeNetwork.bridge}`));
  if (veths.length) found.push(`veths on ${nodeNetwork.bridge}: ${veths.length}`);
  for (const table of tables) {
    const chains = nodeChains(table);
    if (chains.length) found.push(`iptables ${table} chains: ${chains.join(', ')}`);
  }
  const cgroups = cgroupHierarchies().filter((h) => existsSync(join(h, podCgroupParent)));
  if (cgroups.length) found.push(`cgroups: ${cgroups.map((h) => join(h, podCgroupParent)).join(', ')}`);
  if (existsSync(record.nodeDir)) found.push(`folder ${record.nodeDir}`);
  return found;
}
