import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kindConfigClusterName, missingKindContext } from './cluster-name.js';

const dir = mkdtempSync(join(tmpdir(), 'bc-kind-name-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the kind cluster deploy looks for', () => {
  it("is the name the repository's kind-config.yaml gives", () => {
    expect(kindConfigClusterName()).toBe('bare-controller');
  });

  it("is kind's default when a config names none", () => {
    const file = join(dir, 'unnamed.yaml');
    writeFileSync(file, 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n  - role: control-plane\n    name: ignored\n');
    expect(kindConfigClusterName(file)).toBe('kind');
  });

  it('when missing, the message lists the contexts seen and offers the kind cluster that is there', () => {
    const message = missingKindContext('bare-controller', ['kind-kind', 'minikube']);
    expect(message).toContain('no context kind-bare-controller (it has kind-kind, minikube)');
    expect(message).toContain('kind create cluster --config kind-config.yaml)');
    expect(message).toContain('--kind-name kind');
  });

  it('says when the kubeconfig has no contexts at all', () => {
    expect(missingKindContext('bare-controller', [])).toContain('it has no contexts at all');
  });
});
