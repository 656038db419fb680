/**
 * The JSON-lines protocol both contenders speak (scripts/bench/client-go/main.go
 * is the Go half, ts-worker.ts the TypeScript half): one request per stdin line,
 * one reply per request on stdout, and unsolicited events for leader election.
 * Both sides run as child processes of the benchmark, so each is measured the
 * same way: its own process, its own VmRSS, killed for real in the takeover test.
 */
export interface ClusterArgs {
  /** Admin kubeconfig text (the Go side parses it with clientcmd). */
  kubeconfig: string;
}

export type Request =
  | { op: 'gc' }
  | ({ op: 'informer-sync'; namespace: string; transform: boolean } & ClusterArgs)
  | { op: 'informer-stop' }
  | { op: 'queue'; workload: QueueWorkload }
  | ({ op: 'elect'; namespace: string; name: string; identity: string } & LeaseTimings & ClusterArgs)
  | { op: 'release' }
  // client: TypeScript only (the Go side has one client).
  | ({ op: 'create-loop'; namespaces: string[]; name: string; client?: LoopClient } & ClusterArgs)
  // TypeScript only: the stage-4 mirror controller, for the fan-out.
  | ({ op: 'mirror-start'; prefix: string } & ClusterArgs)
  | { op: 'mirror-stop' };

/** The TypeScript create loop's client: client-node's makeApiClient, or the one the stage-4 controller writes with. */
export type LoopClient = 'client-node' | 'stage-4';

export type QueueWorkload = 'distinct' | 'hot';

export interface LeaseTimings {
  leaseMs: number;
  renewMs: number;
  retryMs: number;
}

/** Every figure an op may answer with; each op fills the ones it measures. */
export interface Figures {
  ms?: number;
  /** After "gc": the runtime's own count of live heap (Go HeapAlloc, V8 heapUsed) — for explaining RSS, not for comparing. */
  heapMiB?: number;
  size?: number;
  adds?: number;
  cycles?: number;
}

export type Reply = Figures & { id: number; error?: string };

export interface LeaderEvent {
  event: 'started-leading' | 'stopped-leading';
  identity: string;
}
