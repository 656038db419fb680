import { issueCertificate } from '../../scripts/cluster/certificates.js';

/** A CA of the test's own, and a serving certificate it signed for 127.0.0.1, as PEM. */
export interface WebhookPki {
  caPem: string;
  cert: string;
  key: string;
}

/**
 * What the API server needs to trust a webhook: a CA (its PEM goes into the
 * configuration's caBundle) and a certificate for the address it calls, here
 * IP 127.0.0.1. Made in-process (no system openssl, which on macOS is
 * LibreSSL); EC P-256 keys take milliseconds.
 */
export function createWebhookPki(): WebhookPki {
  const ca = issueCertificate({ commonName: 'bare-controller-webhook-test-ca', ca: true, days: 1 });
  const webhook = issueCertificate({ commonName: 'prefix-webhook', usage: 'serverAuth', ipAddresses: ['127.0.0.1'], days: 1, issuer: ca });
  return { caPem: ca.certPem, cert: webhook.certPem, key: webhook.keyPem };
}
