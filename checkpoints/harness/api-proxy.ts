/**
 * The checkpoints' side of the API proxy: the proxy itself is cluster tooling
 * (scripts/cluster/api-proxy.ts, used by the benchmarks too); here it is
 * started for one test and closed when the test finishes.
 */
import { onTestFinished } from 'vitest';
import { ApiProxy } from '../../scripts/cluster/api-proxy.js';
import { clusterInfo } from './cluster.js';

export { ApiProxy, type RecordedRequest, type RequestFilter } from '../../scripts/cluster/api-proxy.js';

/** A proxy to this run's cluster for one test, closed when the test finishes. */
export async function startProxy(options: { upstream?: 'main' | 'uncached' } = {}): Promise<ApiProxy> {
  const proxy = await ApiProxy.start(clusterInfo(), options);
  onTestFinished(() => proxy.close());
  return proxy;
}
