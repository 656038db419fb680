import type { Todo } from '../course.js';

export const metricsTodos: readonly Todo[] = [
  {
    id: '7.1',
    file: 'prometheus-provider.ts',
    symbol: 'PrometheusMetricsProvider',
    what: 'the seven workqueue metrics in a prom-client registry, a child per queue name',
    hints: [
      "client-go's workqueue metrics have names every Kubernetes dashboard knows (workqueue_depth{name=\"mirror\"}, …). One metric per kind, labelled by queue name, so many queues share them.",
      "In the constructor create two Gauges, two Counters, two Histograms (durationBuckets) and one more Gauge — the names in the class comment — each with labelNames ['name'] and registers [registry]. Each newXxxMetric(name) takes `metric.labels(name)` and wraps it in the small interface stage 3 expects.",
      "this.depth = new Gauge({ name: 'workqueue_depth', help: 'Current depth of workqueue', labelNames: ['name'], registers: [registry] }); … newDepthMetric(name) { const child = this.depth.labels(name); return { inc: () => child.inc(), dec: () => child.dec() }; }",
    ],
  },
  {
    id: '7.2',
    file: 'health-server.ts',
    symbol: 'HealthServer.start, HealthServer.close',
    what: '`/healthz`, `/readyz` (503 with the reason), `/metrics`, 404 otherwise; `close()`',
    hints: [
      "The kubelet asks two questions: is the process alive (/healthz — answer without touching the API server) and should it count as up (/readyz). Prometheus asks for /metrics. One small HTTP server answers all three.",
      "createServer((req, res) => …) on options.port and options.host ?? '0.0.0.0'; route on the URL's pathname: /healthz 200, /readyz 200 or 503 with notReadyBecause()'s reason, /metrics → beforeScrape?.() then registry.metrics() with registry.contentType, else 404. Resolve once listening, with the port it got. close(): closeAllConnections(), then close().",
      "await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(options.port, options.host ?? '0.0.0.0', resolve); }); return new HealthServer(server, (server.address() as AddressInfo).port);",
    ],
  },
];
