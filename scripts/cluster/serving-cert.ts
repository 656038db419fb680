import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueCertificate } from './certificates.js';

export interface ServingCert {
  cert: string;
  key: string;
  /** The certificate itself, which clients trust as their CA (it signs itself). */
  caPem: string;
}

/**
 * A self-signed EC serving certificate for the API servers of a cluster
 * without a node. Given no certificate, kube-apiserver makes its own, with two
 * RSA 2048 keys (a CA and the serving key): ~0.15 s of its start. An EC one
 * takes milliseconds, made in-process while etcd starts (no system openssl).
 */
export async function selfSignedServingCert(dir: string, address: string): Promise<ServingCert> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Its own CA: clients are given this certificate as the one to trust.
  const issued = issueCertificate({ commonName: 'bare-controller-apiserver', ca: true, usage: 'serverAuth', ipAddresses: [address], dnsNames: ['localhost'], days: 365 });
  const cert = join(dir, 'apiserver.crt');
  const key = join(dir, 'apiserver.key');
  writeFileSync(cert, issued.certPem);
  writeFileSync(key, issued.keyPem, { mode: 0o600 });
  return { cert, key, caPem: issued.certPem };
}
