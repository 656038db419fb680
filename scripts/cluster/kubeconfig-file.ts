/** How a kubeconfig's user logs in: a bearer token, or a client certificate and key on disk. */
export type KubeconfigCredential = { token: string } | { clientCertificate: string; clientKey: string };

/** A one-context kubeconfig. JSON is valid YAML, so kubectl and client-node both read it. */
export function kubeconfigFile(opts: { name: string; server: string; caPem: string; credential: KubeconfigCredential }): string {
  const user = 'token' in opts.credential
    ? { token: opts.credential.token }
    : { 'client-certificate': opts.credential.clientCertificate, 'client-key': opts.credential.clientKey };
  return JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: opts.name, cluster: { server: opts.server, 'certificate-authority-data': Buffer.from(opts.caPem).toString('base64') } }],
      users: [{ name: `${opts.name}-user`, user }],
      contexts: [{ name: opts.name, context: { cluster: opts.name, user: `${opts.name}-user` } }],
      'current-context': opts.name,
    },
    null,
    2,
  );
}

/** A minimal admin kubeconfig that logs in with a token. */
export function tokenKubeconfigYaml(opts: { name: string; server: string; caPem: string; token: string }): string {
  return kubeconfigFile({ ...opts, credential: { token: opts.token } });
}
