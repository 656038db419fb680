import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface HealthServerOptions {
  registry: Registry;
  /** Readiness: undefined when ready, or why not. */
  notReadyBecause: () => string | undefined;
  /** Called before each scrape, for gauges that are computed on demand. */
  beforeScrape?: () => void;
  port: number;
  host?: string;
}

/**
 * What the kubelet and Prometheus talk to (controller-runtime's metrics and
 * health-probe servers, on one port):
 *   GET /healthz — liveness: the process answers. Failing it gets the pod restarted.
 *   GET /readyz  — readiness: 200 when ready, 503 with the reason when not.
 *   GET /metrics — Prometheus text exposition of the registry.
 */
export class HealthServer {
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(options: HealthServerOptions): Promise<HealthServer> {
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      if (path === '/healthz' || path === '/livez') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      } else if (path === '/readyz') {
        const why = options.notReadyBecause();
        res.writeHead(why ? 503 : 200, { 'content-type': 'text/plain' }).end(why ? `not ready: ${why}\n` : 'ok\n');
      } else if (path === '/metrics') {
        options.beforeScrape?.();
        options.registry.metrics().then(
          (text) => res.writeHead(200, { 'content-type': options.registry.contentType }).end(text),
          (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${(error as Error).message}\n`),
        );
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /healthz, /readyz or /metrics\n');
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host ?? '0.0.0.0', resolve);
    });
    return new HealthServer(server, (server.address() as AddressInfo).port);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
