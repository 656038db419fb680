import { KubeConfig } from '@kubernetes/client-node';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { Socket } from 'node:net';
import type { ClusterInfo } from './types.js';
import { describeRequest, type RequestDescription } from './describe-request.js';

export interface RecordedRequest extends RequestDescription {
  at: number;
  method: string;
  path: string;
  query: URLSearchParams;
  userAgent: string;
  status?: number;
  /** When it was passed on to the API server (undefined: held, black-holed, or cancelled first). */
  forwardedAt?: number;
  /** When its client gave up on it (aborted, or the connection closed) before the answer was complete. */
  cancelledAt?: number;
  /** When the API server's answer was complete (its body passed on). */
  answeredAt?: number;
}

/** Requests a hold applies to, e.g. `(r) => r.resource === 'configmaps' && r.method !== 'GET'`. */
export type RequestFilter = (request: RecordedRequest) => boolean;

/**
 * A pass-through proxy between the code under test and the real API server,
 * like `kubectl proxy`: every answer comes from kube-apiserver, the proxy only
 * adds credentials. It lets a checkpoint see which requests the learner's code
 * makes (one watch, or two? a GET in the reconcile hot path?), cut the
 * network to test reconnects and backoff, black-hole it (an API server that
 * accepts connections and never answers), or hold some requests back for a
 * while (so a checkpoint can see whether the client cancels them), on any
 * cluster provider.
 */
export class ApiProxy {
  readonly requests: RecordedRequest[] = [];
  /** Times at which a TCP connection was attempted, including refused ones while cut. */
  readonly connectionAttempts: number[] = [];
  private readonly sockets = new Set<Socket>();
  private isCut = false;
  private isBlackHoled = false;
  private holds: { filter: RequestFilter; ms: number }[] = [];
  /** Held requests still waiting: each passes its request on when called. */
  private readonly held = new Set<() => void>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(info: ClusterInfo, options: { upstream?: 'main' | 'uncached' } = {}): Promise<ApiProxy> {
    const admin = new KubeConfig();
    admin.loadFromString(info.kubeconfig);
    let upstream = admin.getCurrentCluster()?.server;
    if (options.upstream === 'uncached') {
      upstream = info.capabilities.uncachedServerUrl;
      if (!upstream) throw new Error(`${info.provider} has no API server without watch cache (needs envtest).`);
    }
    if (!upstream) throw new Error('The admin kubeconfig names no server.');
    const base: RequestOptions = {};
    await admin.applyToHTTPSOptions(base);
    const target = new URL(upstream);

    let proxy: ApiProxy | undefined;
    const server = createServer((req, res) => proxy!.forward(req, res, target, base));
    server.on('connection', (socket) => proxy!.accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    proxy = new ApiProxy(server, `http://127.0.0.1:${port}`);
    return proxy;
  }

  /** A kubeconfig for the code under test: no credentials of its own, the proxy adds them. */
  kubeConfig(): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      // Plain HTTP on loopback (client-node insists on the flag for http://); TLS is between proxy and API server.
      clusters: [{ name: 'proxy', server: this.url, skipTLSVerify: true }],
      users: [{ name: 'proxy-user' }],
      contexts: [{ name: 'proxy', cluster: 'proxy', user: 'proxy-user' }],
      currentContext: 'proxy',
    });
    return kc;
  }

  /** Drops every open connection and refuses new ones, as a network outage would. */
  cut(): void {
    this.isCut = true;
    for (const socket of this.sockets) socket.destroy();
  }

  /**
   * From now on, accepts connections and reads requests but never answers them
   * (nor closes anything), as a hung API server or a route that drops packets
   * would: only a client with its own deadline notices. Requests already being
   * answered go on.
   */
  blackHole(): void {
    this.isBlackHoled = true;
  }

  /**
   * Holds each request matching `filter` for `ms` before passing it on. A
   * request whose client gives up meanwhile (abort, closed connection) never
   * reaches the API server: `cancelledAt` set, `forwardedAt` not.
   */
  hold(filter: RequestFilter, ms: number): void {
    this.holds.push({ filter, ms });
  }

  /**
   * Ends every hold now: the requests held so far are passed on at once and
   * later ones are no longer held. A checkpoint that holds a request only
   * until it has done something meanwhile releases it then, instead of
   * waiting out a fixed hold.
   */
  release(): void {
    this.holds = [];
    for (const pass of [...this.held]) pass();
  }

  /**
   * The most requests matching `filter` that were in flight at once (sent by
   * the client, held or not, and not yet answered), e.g. a fan-out's writes.
   */
  maxInFlight(filter: RequestFilter): number {
    const edges: [number, number][] = [];
    for (const r of this.requests) {
      if (!filter(r)) continue;
      edges.push([r.at, 1], [r.answeredAt ?? r.cancelledAt ?? Infinity, -1]);
    }
    edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]); // at a tie, an answer before a start
    let now = 0;
    let max = 0;
    for (const [, step] of edges) max = Math.max(max, (now += step));
    return max;
  }

  /** Ends cuts, black holes and holds; requests already held wait out their hold (release() passes them on now). */
  restore(): void {
    this.isCut = false;
    this.isBlackHoled = false;
    this.holds = [];
  }

  openConnections(): number {
    return this.sockets.size;
  }

  /** Requests matching a filter, e.g. `{ verb: 'watch', namespace }`. */
  find(filter: Partial<Pick<RecordedRequest, 'verb' | 'resource' | 'namespace' | 'name' | 'method'>>): RecordedRequest[] {
    return this.requests.filter((r) => Object.entries(filter).every(([key, value]) => r[key as keyof RecordedRequest] === value));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.connectionAttempts.push(Date.now());
    if (this.isCut) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private forward(req: IncomingMessage, res: ServerResponse, target: URL, base: RequestOptions): void {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const record: RecordedRequest = {
      at: Date.now(),
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      userAgent: String(req.headers['user-agent'] ?? ''),
      ...describeRequest(req.method ?? 'GET', url),
    };
    this.requests.push(record);
    const cancelled = () => {
      if (!res.writableFinished) record.cancelledAt ??= Date.now();
    };
    // A client that aborts closes its connection: seen as the socket's end (during I/O), and later as res's close.
    req.socket.on('end', cancelled);
    res.on('close', () => {
      cancelled();
      req.socket.off('end', cancelled);
    });
    if (this.isBlackHoled) return; // read, never answered: the client's own deadline is all it has
    const holdMs = this.holds.find((h) => h.filter(record))?.ms;
    if (holdMs === undefined) {
      this.send(req, res, target, base, record);
      return;
    }
    // After the hold, one more turn of the event loop (setImmediate runs after I/O): a client that
    // aborted just as the hold ran out is seen as gone before its request could be passed on.
    const pass = () => {
      clearTimeout(timer);
      this.held.delete(pass);
      setImmediate(() => {
        if (record.cancelledAt === undefined && !req.socket.destroyed) this.send(req, res, target, base, record);
      });
    };
    const timer = setTimeout(pass, holdMs);
    this.held.add(pass);
    res.on('close', () => {
      clearTimeout(timer);
      this.held.delete(pass);
    });
  }

  private send(req: IncomingMessage, res: ServerResponse, target: URL, base: RequestOptions, record: RecordedRequest): void {
    record.forwardedAt = Date.now();
    const headers: Record<string, string | string[]> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined && !hopByHop.has(key)) headers[key] = value;
    }
    headers.host = target.host;
    // A caller with its own token (a ServiceAccount, in later stages) keeps it; otherwise act as admin.
    const ownAuth = typeof req.headers.authorization === 'string';
    const options: RequestOptions = {
      ...base,
      ...(ownAuth ? { cert: undefined, key: undefined, agent: undefined } : {}),
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: { ...(ownAuth ? {} : (base.headers as Record<string, string> | undefined)), ...headers },
    };
    const upstream = httpsRequest(options, (upstreamRes) => {
      record.status = upstreamRes.statusCode;
      const out: Record<string, string | string[]> = {};
      for (const [key, value] of Object.entries(upstreamRes.headers)) {
        if (value !== undefined && !hopByHop.has(key)) out[key] = value;
      }
      res.writeHead(upstreamRes.statusCode ?? 502, out);
      // Node holds headers back until the first body byte; a quiet watch would look unanswered.
      res.flushHeaders();
      // Watches are long-lived streams: pass each chunk on as it arrives.
      upstreamRes.on('data', (chunk: Buffer) => res.write(chunk));
      upstreamRes.on('end', () => {
        record.answeredAt = Date.now();
        res.end();
      });
      upstreamRes.on('error', () => res.destroy());
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    // When the client goes away (abort, cut), the request to the API server goes too.
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  }
}

const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host']);
