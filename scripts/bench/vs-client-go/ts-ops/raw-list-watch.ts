import type { KubeConfig, V1ConfigMap, V1ConfigMapList } from '@kubernetes/client-node';
import { request } from 'node:https';
import { watchPath, type ListerWatcher, type ListResult, type WatchError, type WatchEvent, type WatchHandle, type WatchOptions } from '../../../../solutions/01-list-watch/index.js';

/**
 * An experiment of this benchmark, not workbook code: the stage-1 ListerWatcher
 * with its LIST read as plain JSON (one JSON.parse) instead of through
 * client-node's typed API, whose ObjectSerializer builds a second copy of every
 * object (Date objects for timestamps included). The watch is the stage-1 one,
 * which already hands on plain JSON. Measures what that copy costs.
 */
export class RawConfigMapListWatch implements ListerWatcher<V1ConfigMap> {
  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly namespace: string,
  ) {}

  async list(): Promise<ListResult<V1ConfigMap>> {
    const server = this.kubeConfig.getCurrentCluster()!.server;
    const options: Parameters<KubeConfig['applyToHTTPSOptions']>[0] = {};
    await this.kubeConfig.applyToHTTPSOptions(options);
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(`${server}/api/v1/namespaces/${encodeURIComponent(this.namespace)}/configmaps`, { ...options, headers: { ...options.headers, accept: 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`LIST answered ${res.statusCode}`))));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    const list = JSON.parse(body) as V1ConfigMapList;
    for (const item of list.items) Object.assign(item, { apiVersion: 'v1', kind: 'ConfigMap' });
    return { items: list.items, resourceVersion: list.metadata!.resourceVersion! };
  }

  watch(options: WatchOptions, onEvent: (event: WatchEvent<V1ConfigMap>) => void, onClose: (error?: WatchError) => void): Promise<WatchHandle> {
    return watchPath(this.kubeConfig, `/api/v1/namespaces/${encodeURIComponent(this.namespace)}/configmaps`, options, onEvent, onClose);
  }
}
