import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { todo } from '../todo.js';

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
    return todo(`7.2 HealthServer.start(port ${options.port}): /livez, /healthz, /readyz, /metrics`);
  }

  /** TODO 7.2 — stop listening and drop open connections (closeAllConnections, then close). */
  close(): Promise<void> {
    return todo('7.2 HealthServer.close');
  }
}
