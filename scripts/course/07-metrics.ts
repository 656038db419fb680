import type { Todo } from './types.js';

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
    what: 'the probe server (`/livez`, `/healthz`, `/readyz` with the reason) and the metrics server (`/metrics`), 404 otherwise, on every interface; `close()`',
    hints: [
      "The kubelet asks two questions: is the process alive (/livez, the name Kubernetes components use; /healthz is its older name — answer without touching the API server) and should it count as up (/readyz). Prometheus asks for /metrics. controller-runtime answers them on two ports (:8081 probes, :8080 metrics); one small class serves either, depending on which options it was given. The kubelet connects to the pod's IP, so listen on every interface, not on 127.0.0.1.",
      "createServer((req, res) => …) on options.port and options.host ?? '0.0.0.0'; route on the URL's pathname: with notReadyBecause, /livez and /healthz 200 and /readyz 200 or 503 with its reason; with a registry, /metrics → beforeScrape?.() then registry.metrics() with registry.contentType; else 404. Resolve once listening, with the port it got; reject on 'error' (a port in use). close(): closeAllConnections(), then close().",
      "await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(options.port, options.host ?? '0.0.0.0', resolve); }); return new HealthServer(server, (server.address() as AddressInfo).port);",
    ],
  },
  {
    id: '7.3',
    file: 'reconcile-metrics.ts',
    symbol: 'ReconcileMetrics',
    what: "controller-runtime's reconcile metrics: results, errors and terminal errors, time (its buckets), workers in flight, all series from the start",
    hints: [
      "Every kubebuilder operator exports controller_runtime_reconcile_total{controller,result}, …_errors_total, …_terminal_reconcile_errors_total, …_reconcile_time_seconds, …_max_concurrent_reconciles and …_active_workers; dashboards and alerts expect exactly these names, labels and buckets. A series that appears only with the first error hides that error from rate(): create every series at its starting value.",
      "Constructor: three Counters (labelNames ['controller', 'result'], and ['controller'] for both error counters), a Histogram with buckets reconcileTimeBuckets, two Gauges; then inc(0) for each of reconcileResults and for both error counters, set(maxConcurrentReconciles), set(0). instrument(reconcile) returns an async (key) => …: note clock.now(), set active workers to ++running, const result = await reconcile(key, signal), count requeue_after when result?.requeueAfter > 0, else success, and return the result — or count error and one error (and one terminal error if isTerminalError(error)), then rethrow — and finally observe the seconds and set active workers to --running.",
      "return async (key, signal) => { const start = this.clock.now(); this.active.labels(this.controller).set(++this.running); try { const result = await reconcile(key, signal); this.total.labels(this.controller, (result?.requeueAfter ?? 0) > 0 ? 'requeue_after' : 'success').inc(); return result; } catch (error) { this.total.labels(this.controller, 'error').inc(); this.errors.labels(this.controller).inc(); if (isTerminalError(error)) this.terminal.labels(this.controller).inc(); throw error; } finally { this.time.labels(this.controller).observe((this.clock.now() - start) / 1000); this.active.labels(this.controller).set(--this.running); } };",
    ],
  },
];
