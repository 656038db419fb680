import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { todo } from '../todo.js';

/** Who is confined, and to which namespaces: the same rule as the policy bare-controller-mirror-prefix. */
export interface PrefixRule {
  /** Namespaces whose names start with this are the controller's; an empty prefix allows none. */
  prefix: string;
  /** The user whose writes are confined: `system:serviceaccount:<namespace>:<name>`. */
  username: string;
}

/** admission.k8s.io/v1 AdmissionReview: the API server sends `request`, the webhook answers with `response`. */
export interface AdmissionReview {
  apiVersion: 'admission.k8s.io/v1';
  kind: 'AdmissionReview';
  request?: AdmissionRequest;
  response?: AdmissionResponse;
}

/** The fields of an AdmissionRequest this webhook reads (the API server sends more: object, oldObject, …). */
export interface AdmissionRequest {
  /** Echoed in the response, so the API server can match the answer to its question. */
  uid: string;
  kind: { group: string; version: string; kind: string };
  resource: { group: string; version: string; resource: string };
  name?: string;
  /** The namespace of the object written (absent for cluster-scoped objects). */
  namespace?: string;
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  userInfo: { username?: string; uid?: string; groups?: string[] };
  dryRun?: boolean;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  /** Why not: the API server returns this status (code, message) to the caller. */
  status?: { code?: number; reason?: string; message?: string };
}

/**
 * TODO 6.7 — the webhook's decision, as one AdmissionReview in and one out
 * (controller-runtime's admission.Handler).
 *
 * - Answer with an AdmissionReview of the same apiVersion and kind whose
 *   `response.uid` is the request's uid: the API server refuses an answer
 *   with another uid.
 * - A request by anyone but `rule.username` is allowed: this webhook confines
 *   the controller, nobody else.
 * - The controller's request is allowed only when `request.namespace` starts
 *   with `rule.prefix`; an empty prefix allows nothing.
 * - A refusal carries `status`: code 403, reason Forbidden, and a message that
 *   names the prefix and the namespace — the API server hands it to the
 *   controller, and it ends up in the controller's log.
 */
export function reviewPrefix(review: AdmissionReview, rule: PrefixRule): AdmissionReview {
  return todo('6.7 reviewPrefix: allow the controller\'s writes only in namespaces starting with the prefix');
}

/** Where the API server posts its AdmissionReviews (the ValidatingWebhookConfiguration's URL path). */
export const prefixWebhookPath = '/validate-prefix';

export interface WebhookServerOptions {
  rule: PrefixRule;
  /** PEM: a serving certificate for the address the API server calls, and its key. */
  tls: { cert: string; key: string };
  /** 0 picks a free port. */
  port?: number;
  host?: string;
}

/**
 * An HTTPS server for the API server's AdmissionReviews (controller-runtime's
 * webhook.Server). The API server only talks TLS to a webhook, and checks the
 * certificate against the caBundle of the webhook's configuration.
 */
export class WebhookServer {
  private constructor(
    private readonly server: Server,
    readonly host: string,
    readonly port: number,
  ) {}

  static async start(options: WebhookServerOptions): Promise<WebhookServer> {
    const host = options.host ?? '127.0.0.1';
    const server = createServer({ cert: options.tls.cert, key: options.tls.key }, (req, res) => {
      const reply = (code: number, body: string, type = 'text/plain') => void res.writeHead(code, { 'content-type': type }).end(body);
      if (req.method !== 'POST' || new URL(req.url ?? '/', 'https://webhook').pathname !== prefixWebhookPath) return reply(404, 'not found');
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        // An AdmissionReview carries the object (a ConfigMap holds up to 1 MiB) and, for an update, the old one too.
        if (size > 4 * 1024 * 1024) req.destroy();
        else chunks.push(chunk);
      });
      req.on('end', () => {
        try {
          const review = JSON.parse(Buffer.concat(chunks).toString('utf8')) as AdmissionReview;
          reply(200, JSON.stringify(reviewPrefix(review, options.rule)), 'application/json');
        } catch (error) {
          // With failurePolicy Fail, the API server refuses the write and says the webhook failed.
          reply(500, (error as Error).message);
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, resolve);
    });
    return new WebhookServer(server, host, (server.address() as AddressInfo).port);
  }

  /** The URL for the webhook configuration's clientConfig.url. */
  get url(): string {
    return `https://${this.host}:${this.port}${prefixWebhookPath}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
