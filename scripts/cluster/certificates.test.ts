import { X509Certificate } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { issueCertificate } from './certificates.js';

describe('certificates made without the system openssl', () => {
  it('a CA and a serving certificate it signed for an IP: Node reads both, the chain verifies, and TLS to that IP trusts it', async () => {
    const ca = issueCertificate({ commonName: 'test-ca', ca: true, days: 1 });
    const leaf = issueCertificate({ commonName: 'webhook', usage: 'serverAuth', ipAddresses: ['127.0.0.1'], dnsNames: ['localhost'], days: 1, issuer: ca });
    const caCert = new X509Certificate(ca.certPem);
    const leafCert = new X509Certificate(leaf.certPem);
    expect(caCert.ca).toBe(true);
    expect(leafCert.ca).toBe(false);
    expect(leafCert.verify(caCert.publicKey)).toBe(true);
    expect(leafCert.checkIssued(caCert)).toBe(true);
    expect(leafCert.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost');

    const server = createServer({ cert: leaf.certPem, key: leaf.keyPem }, (_, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { Agent, fetch } = await import('undici');
      const answer = await fetch(`https://127.0.0.1:${port}/`, { dispatcher: new Agent({ connect: { ca: ca.certPem } }) });
      expect(await answer.text()).toBe('ok');
    } finally {
      server.close();
    }
  });

  it('puts the organisation in the subject, where Kubernetes reads a client certificate user\'s group', () => {
    const client = issueCertificate({ commonName: 'system:node:n1', organization: 'system:nodes', usage: 'clientAuth', days: 1 });
    expect(new X509Certificate(client.certPem).subject).toBe('O=system:nodes\nCN=system:node:n1');
  });
});
