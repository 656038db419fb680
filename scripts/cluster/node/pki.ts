import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './run.js';

/** A certificate and its key, as files and as PEM. */
export interface CertPair {
  cert: string;
  key: string;
}

export interface ClusterPki {
  dir: string;
  ca: CertPair;
  caPem: string;
  /** kube-apiserver's serving certificate: 127.0.0.1, the node-facing address, the Service IP, kubernetes.default.svc… */
  apiserver: CertPair;
  /** What kube-apiserver shows the kubelet for logs, exec and port-forward. */
  apiserverKubeletClient: CertPair;
  /** The kubelet's client certificate: user system:node:<name> in group system:nodes (the Node authorizer's identity). */
  kubeletClient: CertPair;
  kubeletServing: CertPair;
}

export const apiserverKubeletClientUser = 'kube-apiserver-kubelet-client';

/**
 * One CA for the cluster and the certificates a node needs, as kubeadm lays
 * them out: the API server trusts the CA for client certificates (the kubelet
 * logs in with one) and the kubelet trusts it for the API server's calls.
 * EC P-256 keys: generating them takes milliseconds, RSA 2048 a noticeable pause.
 */
export function createClusterPki(dir: string, options: { nodeName: string; nodeIp: string; serviceIp: string }): ClusterPki {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = (name: string) => join(dir, name);
  const ca: CertPair = { cert: path('ca.crt'), key: path('ca.key') };
  run('openssl', ['req', '-x509', '-new', '-nodes', ...ecKey(ca.key), '-out', ca.cert, '-days', '3650', '-subj', '/CN=bare-controller-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature']);

  const sign = (name: string, subject: string, usage: 'serverAuth' | 'clientAuth', altNames: string[] = []): CertPair => {
    const pair = { cert: path(`${name}.crt`), key: path(`${name}.key`) };
    const csr = path(`${name}.csr`);
    run('openssl', ['req', '-new', '-nodes', ...ecKey(pair.key), '-out', csr, '-subj', subject]);
    const extensions = [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      `extendedKeyUsage=${usage}`,
      ...(altNames.length ? [`subjectAltName=${altNames.join(',')}`] : []),
    ];
    writeFileSync(path(`${name}.ext`), `${extensions.join('\n')}\n`);
    run('openssl', ['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '365', '-out', pair.cert, '-extfile', path(`${name}.ext`)]);
    return pair;
  };

  const serviceDns = ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', 'localhost'];
  return {
    dir,
    ca,
    caPem: readFileSync(ca.cert, 'utf8'),
    apiserver: sign('apiserver', '/CN=kube-apiserver', 'serverAuth', [
      'IP:127.0.0.1', `IP:${options.nodeIp}`, `IP:${options.serviceIp}`, ...serviceDns.map((d) => `DNS:${d}`),
    ]),
    apiserverKubeletClient: sign('apiserver-kubelet-client', `/CN=${apiserverKubeletClientUser}`, 'clientAuth'),
    kubeletClient: sign('kubelet-client', `/O=system:nodes/CN=system:node:${options.nodeName}`, 'clientAuth'),
    kubeletServing: sign('kubelet-serving', `/CN=${options.nodeName}`, 'serverAuth', [`DNS:${options.nodeName}`, `IP:${options.nodeIp}`, 'IP:127.0.0.1']),
  };
}

function ecKey(keyFile: string): string[] {
  return ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-keyout', keyFile];
}
