import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/** A CA of the test's own, and a serving certificate it signed for 127.0.0.1, as PEM. */
export interface WebhookPki {
  caPem: string;
  cert: string;
  key: string;
}

/**
 * What the API server needs to trust a webhook: a CA (its PEM goes into the
 * configuration's caBundle) and a certificate for the address it calls, here
 * IP 127.0.0.1. openssl, as the workbook's node makes its certificates
 * (scripts/cluster/node/pki.ts); EC P-256 keys take milliseconds.
 */
export function createWebhookPki(): WebhookPki {
  const dir = mkdtempSync(join(tmpdir(), 'bc-webhook-pki-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const path = (name: string) => join(dir, name);
  const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ecKey = (file: string) => ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-keyout', file];
  openssl(['req', '-x509', '-new', '-nodes', ...ecKey(path('ca.key')), '-out', path('ca.crt'), '-days', '1', '-subj', '/CN=bare-controller-webhook-test-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature']);
  openssl(['req', '-new', '-nodes', ...ecKey(path('webhook.key')), '-out', path('webhook.csr'), '-subj', '/CN=prefix-webhook']);
  writeFileSync(path('webhook.ext'), ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', 'extendedKeyUsage=serverAuth', 'subjectAltName=IP:127.0.0.1'].join('\n') + '\n');
  openssl(['x509', '-req', '-in', path('webhook.csr'), '-CA', path('ca.crt'), '-CAkey', path('ca.key'), '-CAcreateserial', '-days', '1', '-out', path('webhook.crt'), '-extfile', path('webhook.ext')]);
  return { caPem: readFileSync(path('ca.crt'), 'utf8'), cert: readFileSync(path('webhook.crt'), 'utf8'), key: readFileSync(path('webhook.key'), 'utf8') };
}
