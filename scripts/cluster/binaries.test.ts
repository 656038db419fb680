import { afterEach, describe, expect, it } from 'vitest';
import { buildTimeEstimate, neededBinaries } from './binaries.js';

describe('what a run builds first, and for how long', () => {
  const saved = process.env.BARE_NEEDS_BINARIES;
  afterEach(() => {
    if (saved === undefined) delete process.env.BARE_NEEDS_BINARIES;
    else process.env.BARE_NEEDS_BINARIES = saved;
  });

  it('builds only what the run names (always with etcd and kube-apiserver), else the control plane and kubectl', () => {
    process.env.BARE_NEEDS_BINARIES = 'kube-controller-manager';
    expect(neededBinaries()).toEqual(['etcd', 'kube-apiserver', 'kube-controller-manager']);
    delete process.env.BARE_NEEDS_BINARIES;
    expect(neededBinaries()).toEqual(['etcd', 'kube-apiserver', 'kube-controller-manager', 'kubectl']);
  });

  it("says how long from the machine's cores: half as long on four as on two", () => {
    expect(buildTimeEstimate(['etcd', 'kube-apiserver'], 2)).toMatch(/^about 2 minutes on 2 cores/);
    expect(buildTimeEstimate(['etcd', 'kube-apiserver'], 4)).toMatch(/^about 1 minute on 4 cores/);
  });
});
