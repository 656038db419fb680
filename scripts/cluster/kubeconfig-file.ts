/** A minimal admin kubeconfig. JSON is valid YAML, so kubectl and client-node both read it. */
export function tokenKubeconfig(opts: { name: string; server: string; caPem: string; token: string }): string {
  return JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: opts.name, cluster: { server: opts.server, 'certificate-authority-data': Buffer.from(opts.caPem).toString('base64') } }],
      users: [{ name: `${opts.name}-admin`, user: { token: opts.token } }],
      contexts: [{ name: opts.name, context: { cluster: opts.name, user: `${opts.name}-admin` } }],
      'current-context': opts.name,
    },
    null,
    2,
  );
}
