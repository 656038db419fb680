import { KubeConfig, type RequestContext } from '@kubernetes/client-node';
import type { IncomingHttpHeaders } from 'node:http';
import { Counter, type Registry } from 'prom-client';
import { DecoratorHandler, type Dispatcher } from 'undici';

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
 * RequestResult hook). Every client built from it — by makeApiClient, or by
 * hand as stage 4's abortable client is — authenticates each request here,
 * so the request's connection pool is wrapped here: one place counts them
 * all, as client-go's transport wrapper does for every client of a
 * rest.Config. Watches open their own connection (stage 1's Watch) and are
 * not counted.
 */
export class MeteredKubeConfig extends KubeConfig {
  constructor(private readonly metrics: RestClientMetrics) {
    super();
  }

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    const dispatcher = context.getDispatcher();
    if (!dispatcher) return;
    const count = (code: string, options: Dispatcher.DispatchOptions) => this.metrics.increment(code, String(options.method), new URL(String(options.origin)).host);
    context.setDispatcher(dispatcher.compose((dispatch) => (options, handler) => dispatch(options, new CountingHandler(handler, (code) => count(code, options)))));
  }
}

/** undici's DecoratorHandler passes every callback on; its types declare none, so say which two are overridden here. */
interface AnswerCallbacks {
  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void;
  onResponseError(controller: Dispatcher.DispatchController, error: Error): void;
}
const PassThrough = DecoratorHandler as unknown as new (handler: Dispatcher.DispatchHandler) => AnswerCallbacks;

/** Passes everything on, counting the answer's status code once — or "<error>" when none came. */
class CountingHandler extends PassThrough {
  private counted = false;

  constructor(
    handler: Dispatcher.DispatchHandler,
    private readonly count: (code: string) => void,
  ) {
    super(handler);
  }

  override onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    this.once(String(statusCode));
    super.onResponseStart(controller, statusCode, headers, statusMessage);
  }

  override onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.once('<error>');
    super.onResponseError(controller, error);
  }

  private once(code: string): void {
    if (this.counted) return;
    this.counted = true;
    this.count(code);
  }
}
