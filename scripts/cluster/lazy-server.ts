import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface Upstream {
  host: string;
  port: number;
}

/**
 * A TCP front for a server that is slow to start and seldom needed (the API
 * server without watch cache: only the 410 Gone checkpoints use it). It
 * listens at once; the first connection starts the real server, and every
 * connection is then piped through untouched — TLS ends at the real server,
 * so clients see its certificate as before. A failed start is retried on the
 * next connection.
 */
export class LazyServer {
  private upstream: Promise<Upstream> | undefined;
  private closed = false;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly host: string,
    readonly port: number,
    private readonly start: () => Promise<Upstream>,
    private readonly log: (line: string) => void,
  ) {
    server.on('connection', (client) => this.accept(client));
  }

  static listen(host: string, start: () => Promise<Upstream>, log: (line: string) => void): Promise<LazyServer> {
    return new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, host, () => {
        const address = server.address();
        resolve(new LazyServer(server, host, typeof address === 'object' && address ? address.port : 0, start, log));
      });
    });
  }

  /** Whether a connection has asked for the real server yet. */
  started(): boolean {
    return this.upstream !== undefined;
  }

  /** Stops listening and drops connections; waits for a start under way, so its process can be stopped after. */
  async close(): Promise<void> {
    this.closed = true;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.upstream?.catch(() => undefined);
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private accept(client: Socket): void {
    this.track(client);
    client.on('error', () => client.destroy());
    this.upstream ??= this.start().catch((error: unknown) => {
      this.log(`[envtest] could not start the server behind ${this.host}:${this.port}: ${(error as Error).message}`);
      this.upstream = undefined;
      throw error;
    });
    this.upstream.then(
      ({ host, port }) => {
        if (this.closed || client.destroyed) return client.destroy();
        const server = createConnection({ host, port });
        this.track(server);
        server.on('error', () => client.destroy());
        client.on('close', () => server.destroy());
        server.on('close', () => client.destroy());
        client.pipe(server).pipe(client);
      },
      () => client.destroy(),
    );
  }
}
