import { CoordinationV1Api, V1MicroTime, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import { isNotFound } from '../00-common/api-errors.js';

/** client-go's resourcelock.LeaderElectionRecord: what a lock stores about its holder. */
export interface LeaderElectionRecord {
  /** Empty: nobody holds it, anyone may take it at once. */
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime: Date;
  renewTime: Date;
  leaderTransitions: number;
}

export interface ObservedLock {
  record: LeaderElectionRecord;
  /** For optimistic concurrency: an update based on an older read fails with 409 Conflict. */
  resourceVersion: string;
}

/**
 * client-go's resourcelock.Interface: what the LeaderElector needs of a lock,
 * whatever object holds it (a Lease here; ConfigMaps and Endpoints once did).
 * The elector and its config take this interface, never the LeaseLock class,
 * so a test can hand in its own lock — one that counts calls, fails on demand
 * or answers late — without a cast.
 *
 * Unlike client-go, the candidate's identity is not asked of the lock: it is
 * LeaderElectionConfig.identity, the one place the elector and its
 * validation read it.
 */
export interface ResourceLock {
  /** The record as it is now, or undefined when the lock object does not exist yet. */
  get(): Promise<ObservedLock | undefined>;
  /** Creates the lock object holding `record`; fails (409 AlreadyExists) if another candidate was first. */
  create(record: LeaderElectionRecord): Promise<ObservedLock>;
  /** Writes `record` if the lock is still at `resourceVersion`; fails (409 Conflict) if someone wrote since. */
  update(record: LeaderElectionRecord, resourceVersion: string): Promise<ObservedLock>;
  /** Names the lock for logs and events, e.g. "namespace/name". */
  describe(): string;
}

/**
 * client-go's resourcelock.LeaseLock: a coordination.k8s.io/v1 Lease as the
 * lock. Every write carries the resourceVersion it was based on, so of two
 * candidates racing for one lease exactly one update succeeds.
 */
export class LeaseLock implements ResourceLock {
  private readonly api: CoordinationV1Api;

  constructor(
    kubeConfig: KubeConfig,
    readonly namespace: string,
    readonly name: string,
  ) {
    this.api = kubeConfig.makeApiClient(CoordinationV1Api);
  }

  /** The lease as it is now, or undefined when it does not exist yet. */
  async get(): Promise<ObservedLock | undefined> {
    try {
      const lease = await this.api.readNamespacedLease({ namespace: this.namespace, name: this.name });
      return { record: toRecord(lease), resourceVersion: lease.metadata?.resourceVersion ?? '' };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Creates the lease; 409 AlreadyExists if another candidate was first. */
  async create(record: LeaderElectionRecord): Promise<ObservedLock> {
    const lease = await this.api.createNamespacedLease({ namespace: this.namespace, body: toLease(this.name, record) });
    return { record: toRecord(lease), resourceVersion: lease.metadata?.resourceVersion ?? '' };
  }

  /** Replaces the lease if it is still at `resourceVersion`; 409 Conflict if someone wrote since. */
  async update(record: LeaderElectionRecord, resourceVersion: string): Promise<ObservedLock> {
    const body = toLease(this.name, record);
    body.metadata!.resourceVersion = resourceVersion;
    const lease = await this.api.replaceNamespacedLease({ namespace: this.namespace, name: this.name, body });
    return { record: toRecord(lease), resourceVersion: lease.metadata?.resourceVersion ?? '' };
  }

  describe(): string {
    return `${this.namespace}/${this.name}`;
  }
}

function toLease(name: string, record: LeaderElectionRecord): V1Lease {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name },
    spec: {
      holderIdentity: record.holderIdentity,
      leaseDurationSeconds: record.leaseDurationSeconds,
      // MicroTime: the API server wants six fractional digits; a plain Date serializes three and is refused (400).
      acquireTime: new V1MicroTime(record.acquireTime.getTime()),
      renewTime: new V1MicroTime(record.renewTime.getTime()),
      leaseTransitions: record.leaderTransitions,
    },
  };
}

function toRecord(lease: V1Lease): LeaderElectionRecord {
  const spec = lease.spec ?? {};
  return {
    holderIdentity: spec.holderIdentity ?? '',
    leaseDurationSeconds: spec.leaseDurationSeconds ?? 0,
    acquireTime: new Date(spec.acquireTime ?? 0),
    renewTime: new Date(spec.renewTime ?? 0),
    leaderTransitions: spec.leaseTransitions ?? 0,
  };
}
