/**
 * What every cluster provider hands to the checkpoints. It is plain data so it
 * can cross from vitest's global setup into the test workers, and be written
 * to disk by `npm run cluster:up` for later runs to attach to.
 */
export type ProviderName = 'envtest' | 'k3s' | 'kubeconfig';

export interface ClusterInfo {
  provider: ProviderName;
  /** An admin kubeconfig (YAML or JSON) for the tests' own set-up and checks. */
  kubeconfig: string;
  /** One line a person can read: what runs where. */
  description: string;
  /** Short unique id; every namespace a test creates starts with `bc-<runId>-`. */
  runId: string;
  /** What this cluster can do beyond the Kubernetes API. Tests that need a capability say so when it is absent. */
  capabilities: Capabilities;
}

export interface Capabilities {
  /** Namespace and garbage-collector controllers run, so namespaces finish deleting and owner references cascade. */
  controllers: boolean;
  /** etcd's client URL (plain HTTP on loopback): lets a test compact history to provoke a real 410 Gone. */
  etcdUrl?: string;
  /**
   * A second kube-apiserver on the same etcd, started with --watch-cache=false,
   * so watches are served straight from etcd and a compacted resourceVersion
   * answers 410 Gone (the watch cache would otherwise keep serving it).
   * Same credentials as the main server.
   */
  uncachedServerUrl?: string;
  /** A real node (kubelet + containerd) where pods run; absent unless asked for (BARE_NODE=1, cluster:up --with-node). */
  node?: NodeInfo;
  /** Why this run has no node, in one sentence (not asked for, or what this machine lacks). */
  noNodeBecause?: string;
}

/** What a checkpoint needs to use the node: plain data, it crosses into test workers. */
export interface NodeInfo {
  name: string;
  ip: string;
  podCidr: string;
  /** containerd's socket: images are loaded here (`ctr -n k8s.io images import`). */
  containerdAddress: string;
  kubectl: string;
  /** The node's own folder: a self-test checks it is gone after stop. */
  dir: string;
  /** Network namespaces that are not the node's (they existed before it started). */
  netnsBefore: string[];
}

export interface RunningCluster {
  info: ClusterInfo;
  /**
   * Where a cluster is handed out before its controllers run (envtest: the API serves, the controller
   * manager is still starting), resolves once they do. A benchmark that wants a quiet machine awaits it.
   */
  settled?: Promise<void>;
  stop(): Promise<void>;
}

/** A failure a person can act on: what is missing and how to get it. */
export class ClusterSetupError extends Error {
  override name = 'ClusterSetupError';
}
