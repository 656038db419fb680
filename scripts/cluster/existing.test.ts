import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { looksLocal, useExistingCluster } from './existing.js';
import { parseChoice } from './select.js';

const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function kubeconfigWith(context: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bc-kubeconfig-'));
  folders.push(dir);
  const file = join(dir, 'config');
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
      users: [{ name: 'u', user: { token: 't' } }],
      contexts: [{ name: context, context: { cluster: 'c', user: 'u' } }],
      'current-context': context,
    }),
  );
  return file;
}

describe('the kubeconfig provider refuses clusters it should not touch', () => {
  it('accepts contexts that local tools create', () => {
    for (const name of ['kind-bare-controller', 'k3d-dev', 'minikube', 'docker-desktop', 'rancher-desktop']) expect(looksLocal(name), name).toBe(true);
    for (const name of ['prod-eu-1', 'arn:aws:eks:eu-west-1:1:cluster/prod', 'gke_project_zone_main']) expect(looksLocal(name), name).toBe(false);
  });

  it('refuses a production-looking context and says how to opt in', async () => {
    const env = { KUBECONFIG: kubeconfigWith('prod-eu-1') };
    await expect(useExistingCluster({ runId: 'r', env })).rejects.toThrow(/Refusing.*prod-eu-1[\s\S]*BARE_ALLOW_CONTEXT=prod-eu-1/);
  });

  it('accepts it when the person names that exact context', async () => {
    const env = { KUBECONFIG: kubeconfigWith('prod-eu-1'), BARE_ALLOW_CONTEXT: 'prod-eu-1' };
    await expect(useExistingCluster({ runId: 'r', env })).resolves.toMatchObject({ info: { provider: 'kubeconfig' } });
  });

  it('accepts a kind cluster without ceremony', async () => {
    const env = { KUBECONFIG: kubeconfigWith('kind-bare-controller') };
    await expect(useExistingCluster({ runId: 'r', env })).resolves.toMatchObject({ info: { description: expect.stringContaining('kind-bare-controller') } });
  });

  it('a missing kubeconfig is a clear error', async () => {
    await expect(useExistingCluster({ runId: 'r', env: { KUBECONFIG: '/nonexistent/config' } })).rejects.toThrow(/cannot read \/nonexistent\/config/);
  });
});

describe('BARE_CLUSTER', () => {
  it('takes auto, envtest, k3s, kubeconfig and rejects anything else', () => {
    expect(parseChoice(undefined)).toBe('auto');
    expect(parseChoice('k3s')).toBe('k3s');
    expect(() => parseChoice('kind')).toThrow(/BARE_CLUSTER=kind is not one of: auto, envtest, k3s, kubeconfig/);
  });
});
