import {
  createConfiguration,
  IsomorphicFetchHttpLibrary,
  KubeConfig,
  ServerConfiguration,
  wrapHttpLibrary,
  type ApiType,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import { Counter, type Registry } from 'prom-client';

/**
 * client-go's request counter, as controller-runtime registers it
 * (pkg/metrics/client_go_adapter.go): one sample per status code, HTTP
 * method and API server host, e.g.
 * rest_client_requests_total{code="201",method="POST",host="10.0.0.1:443"}.
 * A request that got no answer (refused, reset, timed out) counts as code "<error>".
 */
export class RestClientMetrics {
  private readonly requests: Counter;

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'rest_client_requests_total',
      help: 'Number of HTTP requests, partitioned by status code, method, and host.',
      labelNames: ['code', 'method', 'host'],
      registers: [registry],
    });
  }

  increment(code: string, method: string, host: string): void {
    this.requests.labels(code, method, host).inc();
  }
}

/**
 * A KubeConfig whose API clients count every request they send (client-go's
 * RequestResult hook). Only makeApiClient changes: the same server and
 * credentials, with a counting HTTP library in between. Watches open their
 * own connection (stage 1's Watch) and are not counted.
 */
export class MeteredKubeConfig extends KubeConfig {
  constructor(private readonly metrics: RestClientMetrics) {
    super();
  }

  override makeApiClient<T extends ApiType>(apiClientType: new (config: ReturnType<typeof createConfiguration>) => T): T {
    const cluster = this.getCurrentCluster();
    if (!cluster) throw new Error('No active cluster!');
    const fetchLibrary = new IsomorphicFetchHttpLibrary();
    const httpApi = wrapHttpLibrary({
      send: async (request: RequestContext): Promise<ResponseContext> => {
        const method = request.getHttpMethod().toString();
        const host = new URL(request.getUrl()).host;
        try {
          const response = await fetchLibrary.send(request).toPromise();
          this.metrics.increment(String(response.httpStatusCode), method, host);
          return response;
        } catch (error) {
          this.metrics.increment('<error>', method, host);
          throw error;
        }
      },
    });
    return new apiClientType(createConfiguration({ baseServer: new ServerConfiguration(cluster.server, {}), authMethods: { default: this }, httpApi }));
  }
}
