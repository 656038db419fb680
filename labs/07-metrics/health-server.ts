import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { todo } from '../todo.js';

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
 * health-probe servers, on one port).
 */
export class HealthServer {
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /**
   * TODO 7.2 — a node:http server on options.port (0 picks a free one) and
   * options.host (default '0.0.0.0': the kubelet probes the pod's IP):
   *   GET /healthz → 200 "ok" (liveness: the process answers; failing it restarts the pod)
   *   GET /readyz  → 200 when notReadyBecause() is undefined, else 503 with the reason
   *   GET /metrics → beforeScrape?.(), then 200 with await registry.metrics(),
   *                  content-type registry.contentType (the Prometheus text format)
   *   anything else → 404
   * Resolve once listening, with new HealthServer(server, the port it got).
   */
  static async start(options: HealthServerOptions): Promise<HealthServer> {
    return todo(`7.2 HealthServer.start(port ${options.port}): /healthz, /readyz, /metrics`);
  }

  /** TODO 7.2 — stop listening and drop open connections (closeAllConnections, then close). */
  close(): Promise<void> {
    return todo('7.2 HealthServer.close');
  }
}
