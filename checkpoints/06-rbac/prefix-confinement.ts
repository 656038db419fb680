import type { CoreV1Api } from '@kubernetes/client-node';
import { expect } from 'vitest';
import { attempt, type Attempt } from './fixture.js';

export interface Confinement {
  /** The controller's ServiceAccount, and an admin. */
  controller: CoreV1Api;
  admin: CoreV1Api;
  prefix: string;
  /** A namespace starting with the prefix, and one that does not. */
  mine: string;
  other: string;
  /** A create by the controller; removes what it created, if it was let through. */
  tryCreate: (controller: CoreV1Api, namespace: string, name: string) => Promise<Attempt>;
}

/**
 * The rule, whoever enforces it (the policy or the webhook): the controller
 * writes ConfigMaps only in namespaces starting with its prefix; refusals
 * name the prefix; nobody else is judged.
 */
export async function confinementChecks({ controller, admin, prefix, mine, other, tryCreate }: Confinement): Promise<void> {
  const refusedNamingPrefix = (what: string, result: Attempt) => {
    expect(result.allowed, `${what} was let through`).toBe(false);
    if (!result.allowed) expect(result.message, `${what}: the refusal names the prefix`).toContain(prefix);
  };
  refusedNamingPrefix("the controller's create in kube-system", await tryCreate(controller, 'kube-system', `bc-probe-${prefix}`.replace(/-$/, '')));
  refusedNamingPrefix(`the controller's create in ${other}`, await tryCreate(controller, other, 'cm-probe'));

  // Someone else's ConfigMap outside the prefix: the controller may neither change nor delete it.
  await admin.createNamespacedConfigMap({ namespace: other, body: { metadata: { name: 'cm-theirs' }, data: { v: '1' } } });
  refusedNamingPrefix(`the controller's update in ${other}`, await attempt(() => controller.replaceNamespacedConfigMap({ namespace: other, name: 'cm-theirs', body: { metadata: { name: 'cm-theirs' }, data: { v: 'overwritten' } } })));
  refusedNamingPrefix(`the controller's delete in ${other}`, await attempt(() => controller.deleteNamespacedConfigMap({ namespace: other, name: 'cm-theirs' })));
  expect((await admin.readNamespacedConfigMap({ namespace: other, name: 'cm-theirs' })).data, `cm-theirs in ${other}, after the refused writes`).toEqual({ v: '1' });

  // Its own namespaces: every write goes through.
  const inMine = async (what: string, call: () => Promise<unknown>) => expect(await attempt(call), `the controller's ${what} in ${mine}`).toEqual({ allowed: true });
  await inMine('create', () => controller.createNamespacedConfigMap({ namespace: mine, body: { metadata: { name: 'cm-mirror' }, data: { v: '1' } } }));
  await inMine('update', () => controller.replaceNamespacedConfigMap({ namespace: mine, name: 'cm-mirror', body: { metadata: { name: 'cm-mirror' }, data: { v: '2' } } }));
  await inMine('delete', () => controller.deleteNamespacedConfigMap({ namespace: mine, name: 'cm-mirror' }));

  // Nobody else is judged: an admin still writes outside the prefix.
  const byAdmin = async (what: string, call: () => Promise<unknown>) => expect(await attempt(call), `an admin's ${what} in ${other}`).toEqual({ allowed: true });
  await byAdmin('update', () => admin.replaceNamespacedConfigMap({ namespace: other, name: 'cm-theirs', body: { metadata: { name: 'cm-theirs' }, data: { v: '2' } } }));
  await byAdmin('delete', () => admin.deleteNamespacedConfigMap({ namespace: other, name: 'cm-theirs' }));
}
