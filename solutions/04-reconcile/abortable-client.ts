import { CoreV1Api, createConfiguration, ServerConfiguration, type KubeConfig, type Middleware, type RequestContext } from '@kubernetes/client-node';
import type { Dispatcher } from 'undici';

/**
 * A CoreV1Api whose requests obey one AbortSignal, like a Go client call given
 * a context: once `signal` is aborted no request is sent any more, and the
 * requests in flight are cut off (their promises reject with the signal's
 * reason). `beforeSend` runs right before each request leaves, so a caller can
 * refuse it at the last moment (stage 5: a leader whose lease may have expired
 * while the process was paused must not write).
 *
 * The same client as `kubeConfig.makeApiClient(CoreV1Api)`, plus one middleware.
 */
export function abortableCoreV1Api(kubeConfig: KubeConfig, signal: AbortSignal, beforeSend: () => void = () => undefined): CoreV1Api {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  // client-node 2.0 builds a new connection pool (an undici Agent) for every
  // request, so each request opened its own TLS connection: keep the first
  // pool and send every later request through it, as a Go client's Transport does.
  let pool: Dispatcher | undefined;
  const abortOnSignal: Middleware = {
    async pre(context: RequestContext) {
      signal.throwIfAborted();
      beforeSend();
      signal.throwIfAborted();
      context.setSignal(signal);
      const fresh = context.getDispatcher();
      if (fresh && fresh !== (pool ??= fresh)) {
        context.setDispatcher(pool);
        void fresh.close();
      }
      return context;
    },
    async post(context) {
      return context;
    },
  };
  return new CoreV1Api(
    createConfiguration({
      baseServer: new ServerConfiguration(cluster.server, {}),
      authMethods: { default: kubeConfig },
      promiseMiddleware: [abortOnSignal],
    }),
  );
}
