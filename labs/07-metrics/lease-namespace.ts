import { CoordinationV1Api, type KubeConfig } from '@kubernetes/client-node';
import { statusBodyOf, statusOf } from '../00-common/api-errors.js';

/** The Lease's namespace does not exist: no candidate could ever lead, so the process should say so and exit. */
export class LeaseNamespaceNotFoundError extends Error {
  override name = 'LeaseNamespaceNotFoundError';
}

/**
 * Asks the API server whether the Lease could be created, without creating it
 * (a dry-run create: the same permission the elector needs anyway, and no
 * `get` on namespaces, which least privilege leaves out). A missing namespace
 * throws LeaseNamespaceNotFoundError; anything else — the Lease exists (409),
 * the API server is not reachable yet — is for the elector to retry, and
 * returns why, for the log.
 */
export async function checkLeaseNamespace(kubeConfig: KubeConfig, lease: { namespace: string; name: string }): Promise<string | undefined> {
  try {
    await kubeConfig.makeApiClient(CoordinationV1Api).createNamespacedLease({
      namespace: lease.namespace,
      dryRun: 'All',
      body: { metadata: { name: lease.name, namespace: lease.namespace } },
    });
    return undefined;
  } catch (error) {
    const code = statusOf(error);
    if (code === 409) return undefined;
    if (code === 404 && statusBodyOf(error)?.details?.kind === 'namespaces') {
      throw new LeaseNamespaceNotFoundError(`--lease-namespace ${lease.namespace}: no such namespace, so no replica could ever lead; create it (kubectl create namespace ${lease.namespace}) or name an existing one`);
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return code ? `the API server answered ${code} to a dry-run create of the Lease` : `the API server is not reachable yet: ${cause?.code ?? cause?.message ?? (error as Error).message}`;
  }
}
