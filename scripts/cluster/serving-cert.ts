import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ServingCert {
  cert: string;
  key: string;
  /** The certificate itself, which clients trust as their CA (it signs itself). */
  caPem: string;
}

/**
 * A self-signed EC serving certificate for the API servers of a cluster
 * without a node. Given no certificate, kube-apiserver makes its own, with two
 * RSA 2048 keys (a CA and the serving key): ~0.15 s of its start. openssl makes
 * an EC one in ~10 ms, while etcd starts. Undefined without openssl: then the
 * API server makes its own as before.
 */
export function selfSignedServingCert(dir: string, address: string): Promise<ServingCert | undefined> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const cert = join(dir, 'apiserver.crt');
  const key = join(dir, 'apiserver.key');
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '365',
    '-subj', '/CN=bare-controller-apiserver', '-addext', `subjectAltName=IP:${address},DNS:localhost`,
    // Its own CA: clients are given this certificate as the one to trust.
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,digitalSignature,keyCertSign', '-addext', 'extendedKeyUsage=serverAuth'];
  return new Promise((resolve) => {
    execFile('openssl', args, (error) => {
      if (error) return resolve(undefined);
      try {
        resolve({ cert, key, caPem: readFileSync(cert, 'utf8') });
      } catch {
        resolve(undefined);
      }
    });
  });
}
