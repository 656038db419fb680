import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { KubeConfigError, loadKubeConfig } from './kube-config.js';

const dir = mkdtempSync(join(tmpdir(), 'bc-kubeconfig-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const token = join(dir, 'token');
writeFileSync(token, 'not-a-real-token');
const kubeconfig = join(dir, 'kubeconfig');
writeFileSync(
  kubeconfig,
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:6443' } }],
    users: [{ name: 'u', user: { token: 't' } }],
    contexts: [{ name: 'kind-test', context: { cluster: 'c', user: 'u' } }],
    'current-context': 'kind-test',
  }),
);

// Given code, so no checkpoint can fail on it: these tests keep the reference honest.
// client-node reads process.env itself, so the tests set it there.
function load(env: Record<string, string>, tokenPath = token) {
  for (const name of ['KUBECONFIG', 'KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT']) vi.stubEnv(name, env[name] ?? '');
  const logged: Record<string, unknown>[] = [];
  const config = loadKubeConfig({ info: (msg, fields) => logged.push({ msg, ...fields }), error() {}, debug() {} }, tokenPath);
  return { config, logged };
}

describe('loadKubeConfig', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('uses the pod ServiceAccount in a cluster, and says so', () => {
    const { config, logged } = load({ KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' });
    expect(config.getCurrentCluster()?.server).toBe('https://10.96.0.1:443');
    expect(logged).toEqual([expect.objectContaining({ msg: 'kubeconfig', source: 'in-cluster' })]);
  });

  it('prefers an explicit $KUBECONFIG, even in a pod', () => {
    const { config, logged } = load({ KUBECONFIG: kubeconfig, KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' });
    expect(config.getCurrentContext()).toBe('kind-test');
    expect(logged).toEqual([expect.objectContaining({ msg: 'kubeconfig', source: 'kubeconfig', context: 'kind-test' })]);
  });

  it('without a ServiceAccount token, is not fooled by KUBERNETES_SERVICE_HOST alone', () => {
    const { logged } = load({ KUBECONFIG: kubeconfig, KUBERNETES_SERVICE_HOST: '10.96.0.1' }, join(dir, 'no-token'));
    expect(logged[0]?.source).toBe('kubeconfig');
  });

  it('refuses, in one line, what client-node would silently turn into http://localhost:8080', () => {
    vi.stubEnv('HOME', dir); // no ~/.kube/config there
    expect(() => load({ KUBERNETES_SERVICE_HOST: '10.96.0.1' }, join(dir, 'no-token'))).toThrow(/^no kubeconfig: KUBECONFIG is not set, .* does not exist and this is not a pod; start a cluster \(npm run cluster:up\) or set KUBECONFIG$/);
    expect(() => load({ KUBECONFIG: join(dir, 'missing') })).toThrow(KubeConfigError);
    expect(() => load({ KUBECONFIG: join(dir, 'missing') })).toThrow(`cannot load the kubeconfig ${join(dir, 'missing')}: ENOENT`);
    expect(() => load({ KUBECONFIG: token })).toThrow(`the kubeconfig ${token} names no current context with a cluster`);
  });
});
