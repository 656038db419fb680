import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface HealthServerOptions {
  /** Serve /metrics from this registry (controller-runtime's metrics server); without it, no /metrics. */
  registry?: Registry;
  /** Serve /livez, /healthz and /readyz (the health-probe server); readiness: undefined when ready, or why not. Without it, no probes. */
  notReadyBecause?: () => string | undefined;
  /** Called before each scrape, for gauges that are computed on demand. */
  beforeScrape?: () => void;
  port: number;
  host?: string;
}

/**
 * What the kubelet and Prometheus talk to: controller-runtime's health-probe
 * server (`--health-probe-bind-address`, :8081) and its metrics server
 * (`--metrics-bind-address`, :8080) are two of these.
 */
export class HealthServer {
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /**
   * TODO 7.2 — a node:http server on options.port (0 picks a free one) and
   * options.host (default '0.0.0.0', every interface: the kubelet probes the
   * pod's IP, and a server on 127.0.0.1 only is unreachable from outside the pod):
   *   when options.notReadyBecause is given (the probe server):
   *     GET /livez   → 200 "ok" (liveness: the process answers; failing it restarts the pod)
   *     GET /healthz → the same as /livez (the older name, kept for compatibility)
   *     GET /readyz  → 200 when notReadyBecause() is undefined, else 503 with the reason
   *   Answer from what is at hand, never awaiting anything (no API call, no
   *   lock): a probe must answer while the API server does not.
   *   when options.registry is given (the metrics server):
   *     GET /metrics → beforeScrape?.(), then 200 with await registry.metrics(),
   *                    content-type registry.contentType (the Prometheus text format)
   *   anything else → 404
   * Resolve once listening, with new HealthServer(server, the port it got).
   */
  static async start(options: HealthServerOptions): Promise<HealthServer> {
    // lab:todo 7.2 HealthServer.start(port ${options.port}): /livez, /healthz, /readyz, /metrics
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      const { registry, notReadyBecause } = options;
      if (notReadyBecause && (path === '/livez' || path === '/healthz')) {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      } else if (notReadyBecause && path === '/readyz') {
        const why = notReadyBecause();
        res.writeHead(why ? 503 : 200, { 'content-type': 'text/plain' }).end(why ? `not ready: ${why}\n` : 'ok\n');
      } else if (registry && path === '/metrics') {
        options.beforeScrape?.();
        registry.metrics().then(
          (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
          (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${(error as Error).message}\n`),
        );
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: this server answers ${[notReadyBecause && '/livez, /healthz, /readyz', registry && '/metrics'].filter(Boolean).join(', ')}\n`);
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host ?? '0.0.0.0', resolve);
    });
    return new HealthServer(server, (server.address() as AddressInfo).port);
    // lab:end
  }

  /** TODO 7.2 — stop listening and drop open connections (closeAllConnections, then close). */
  close(): Promise<void> {
    // lab:todo 7.2 HealthServer.close
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
    // lab:end
  }
}
