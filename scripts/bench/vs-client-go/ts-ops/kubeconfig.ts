import { KubeConfig } from '@kubernetes/client-node';

/**
 * The admin KubeConfig, as the workbook's code gets it — or `pooled`: with
 * client-node's per-request dispatcher cached. client-node 2.0.1 builds a new
 * undici Agent for every typed API call (applySecurityAuthentication →
 * createDispatcher, unlike createAgent, which it caches), so each call opens a
 * new TCP + TLS connection. The pooled variant measures what reusing one
 * connection buys; it is an experiment of this benchmark, not workbook code.
 */
export function kubeConfig(text: string, pooled = false): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(text);
  if (pooled) {
    const patched = kc as unknown as { createDispatcher: (...args: unknown[]) => unknown };
    const create = patched.createDispatcher.bind(kc);
    let dispatcher: unknown;
    patched.createDispatcher = (...args) => (dispatcher ??= create(...args));
  }
  return kc;
}
