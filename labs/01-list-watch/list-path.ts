import { HttpMethod, RequestContext, type KubeConfig, type KubernetesObject, type V1ListMeta } from '@kubernetes/client-node';
import { fetch } from 'undici';
import { statusBodyOf } from '../00-common/api-errors.js';
import type { WatchError } from './types.js';

/** A LIST answer as the API server sends it: the collection's metadata and its items. */
export interface ListBody<T> {
  metadata?: V1ListMeta;
  items: T[];
}

/**
 * A raw LIST of any collection path (GET <path>), parsed as plain JSON — the
 * shape watchPath's events have, so an object looks the same whether it came
 * from the LIST or from the WATCH. Given, not a TODO.
 *
 * Why not `core.listNamespacedConfigMap()`: client-node's typed API runs every
 * answer through its ObjectSerializer, which builds a second copy of each
 * object and turns timestamps (metadata.creationTimestamp,
 * managedFields[].time) into Date objects. For 5,000 ConfigMaps that copy is a
 * third of the informer's sync time (npm run bench -- vs-client-go), and the
 * WATCH, which client-node does not deserialize, would still hand on strings.
 * So here timestamps stay RFC 3339 strings on both paths, although client-node's
 * types say Date: compare them as strings, or `new Date(…)` them.
 *
 * Authenticated like every client-node request (kubeConfig.applySecurityAuthentication,
 * as client-node's own Watch does). A non-200 answer throws, `.statusCode` set.
 */
export async function listPath<T extends KubernetesObject>(kubeConfig: KubeConfig, path: string): Promise<ListBody<T>> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const url = `${cluster.server}${path}`;
  const request = new RequestContext(url, HttpMethod.GET);
  request.setHeaderParam('Accept', 'application/json');
  await kubeConfig.applySecurityAuthentication(request);
  // client-node builds a new connection pool (an undici Agent) for every request: close it once the
  // answer is read, or its idle connection stays open for seconds after the informer stopped.
  const dispatcher = request.getDispatcher();
  let text: string;
  let status: number;
  try {
    const response = await fetch(url, { headers: request.getHeaders(), dispatcher });
    text = await response.text();
    status = response.status;
  } finally {
    dispatcher?.close().catch(() => undefined);
  }
  if (status !== 200) {
    const error: WatchError = new Error(`LIST ${path}: HTTP ${status} ${statusBodyOf(text)?.message ?? text.slice(0, 200)}`);
    error.statusCode = status;
    throw error;
  }
  return JSON.parse(text) as ListBody<T>;
}
