import { CoreV1Api, createConfiguration, ResponseContext, ServerConfiguration, wrapHttpLibrary, type KubeConfig, type Middleware, type RequestContext } from '@kubernetes/client-node';
import { request as undiciRequest, type Dispatcher } from 'undici';

/**
 * A CoreV1Api whose requests obey one AbortSignal, like a Go client call given
 * a context: once `signal` is aborted no request is sent any more, and the
 * requests in flight are cut off (their promises reject with the signal's
 * reason). `beforeSend` runs right before each request leaves, so a caller can
 * refuse it at the last moment (stage 5: a leader whose lease may have expired
 * while the process was paused must not write).
 *
 * The same client as `kubeConfig.makeApiClient(CoreV1Api)`, plus one
 * middleware, sending through one connection pool with undici's plain
 * request() (below). `close()` closes that pool once the requests on it have
 * finished: its idle keep-alive connection would otherwise stay open for the
 * server's keep-alive time after the controller stopped.
 */
export type AbortableCoreV1Api = CoreV1Api & { close(): Promise<void> };

export function abortableCoreV1Api(kubeConfig: KubeConfig, signal: AbortSignal, beforeSend: () => void = () => undefined): AbortableCoreV1Api {
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
  const api = new CoreV1Api(
    createConfiguration({
      baseServer: new ServerConfiguration(cluster.server, {}),
      authMethods: { default: kubeConfig },
      promiseMiddleware: [abortOnSignal],
      httpApi: plainRequests,
    }),
  );
  return Object.assign(api, {
    async close() {
      const closing = pool;
      pool = undefined; // a request after close() gets a pool of its own
      await closing?.close();
    },
  });
}

/**
 * client-node sends through undici's fetch(), whose WHATWG Request/Response
 * objects and streams cost ~0.3 ms a request here; undici's own request() on
 * the same pool does not. A controller's writes are sequential per key, so
 * that cost is paid 100 times in a row on a fan-out to 100 namespaces
 * (npm run bench -- vs-client-go). Same semantics: the context's headers,
 * body, dispatcher and signal (an abort rejects with the signal's reason,
 * also while the answer is being read).
 */
const plainRequests = wrapHttpLibrary({
  async send(request: RequestContext): Promise<ResponseContext> {
    const body = request.getBody();
    const response = await undiciRequest(request.getUrl(), {
      method: request.getHttpMethod() as Dispatcher.HttpMethod,
      headers: request.getHeaders(),
      body: body as string | undefined,
      signal: request.getSignal(),
      dispatcher: request.getDispatcher(),
    });
    // Read whole at once: a body left unread (client-node reads none on a 401) would hold its connection.
    const bytes = Buffer.from(await response.body.arrayBuffer());
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    return new ResponseContext(response.statusCode, headers, {
      text: async () => bytes.toString('utf8'),
      binary: async () => bytes,
      stream: () => new Blob([bytes]).stream(),
    });
  },
});
