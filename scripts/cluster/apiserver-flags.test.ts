import { expect, it } from 'vitest';
import { testClusterApiserverFlags } from './apiserver-flags.js';

/** What the checkpoints rely on must never be switched off to make the start faster. */
it('leaves on every API group and admission plugin a checkpoint relies on', () => {
  const flags = testClusterApiserverFlags().join(' ');
  const disabledGroups = /--runtime-config=(\S+)/.exec(flags)?.[1]?.split(',').map((g) => g.replace(/=false$/, '')) ?? [];
  const disabledPlugins = /--disable-admission-plugins=(\S+)/.exec(flags)?.[1]?.split(',') ?? [];
  for (const group of ['v1', 'apps', 'policy', 'coordination.k8s.io', 'rbac.authorization.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io',
    'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'networking.k8s.io', 'scheduling.k8s.io', 'events.k8s.io', 'discovery.k8s.io']) {
    expect(disabledGroups.map((g) => g.split('/')[0]), group).not.toContain(group);
  }
  for (const plugin of ['NamespaceLifecycle', 'ServiceAccount', 'PodSecurity', 'Priority', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionWebhook', 'MutatingAdmissionWebhook']) {
    expect(disabledPlugins, plugin).not.toContain(plugin);
  }
});
