import { CoreV1Api } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { describe, expect } from 'vitest';
import { prefixParamName, serviceAccountName } from '@stage/06-rbac/index.js';
import { checkpoint } from '../harness/checkpoint.js';
import { adminCore, runPrefix, testNamespace } from '../harness/cluster.js';
import { todo } from '../harness/look.js';
import { waitFor } from '../harness/wait.js';
import { apply, attempt, manifests, prefixParam, relocate, serviceAccountKubeConfig, suffix, type Attempt } from './fixture.js';
import { confinementChecks } from './prefix-confinement.js';

const policyName = 'bare-controller-mirror-prefix';

/** policy.yaml's prefix policy and its binding, with a clear sentence when either is missing or unscoped. */
function prefixPolicy() {
  const objects = manifests('policy', ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);
  const policy = objects.find((o) => o.kind === 'ValidatingAdmissionPolicy' && o.metadata?.name === policyName);
  const binding = objects.find((o) => o.kind === 'ValidatingAdmissionPolicyBinding' && (o.spec as { policyName?: string } | undefined)?.policyName === policyName);
  const names = objects.map((o) => `${o.kind} ${o.metadata?.name}`).join(', ');
  if (!policy || !binding) throw new Error(`policy.yaml has no ValidatingAdmissionPolicy ${policyName} with a binding (it has: ${names})`);
  const spec = policy.spec as { matchConditions?: unknown; paramKind?: { kind?: string } };
  // Without matchConditions the policy would judge everyone's writes; the checkpoints then keep it
  // to namespaces of their own (relocate), and the controller's write in kube-system goes unjudged.
  expect(JSON.stringify(spec.matchConditions ?? []), `${policyName}: matchConditions that admit only the controller's ServiceAccount`).toContain(`:${serviceAccountName}`);
  expect(spec.paramKind?.kind, `${policyName}: paramKind (the prefix is a parameter, not part of the policy)`).toBe('ConfigMap');
  return [policy, binding];
}

/** The controller's ServiceAccount, its RBAC, the prefix policy and its parameter holding `prefix`. */
async function prefixWorld(purpose: string, prefix: string) {
  const id = suffix();
  const home = await testNamespace(`${purpose}-home`);
  const objects = [...manifests('rbac', ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding']), ...prefixPolicy()];
  // The parameter first, so the policy is in force from its first request.
  await apply(prefixParam(home, prefix));
  await apply(relocate(objects, home, id));
  const controller = (await serviceAccountKubeConfig(home)).makeApiClient(CoreV1Api);
  return { home, controller, admin: adminCore() };
}

const newPrefix = () => `${runPrefix()}${randomBytes(2).toString('hex')}-`;

/** A create by the controller in `namespace`; if the API server let it through, the object is removed again. */
async function tryCreate(controller: CoreV1Api, namespace: string, name: string): Promise<Attempt> {
  const result = await attempt(() => controller.createNamespacedConfigMap({ namespace, body: { metadata: { name }, data: { v: '1' } } }));
  if (result.allowed) await adminCore().deleteNamespacedConfigMap({ namespace, name }).catch(() => undefined);
  return result;
}

/**
 * Waits until the controller's create in `namespace` is refused by the policy
 * with its parameter at hand (the message names `prefix`): until the API server
 * has seen the policy, the binding and the ConfigMap, a create may go through,
 * or be refused for want of the parameter.
 */
async function policyActive(controller: CoreV1Api, namespace: string, prefix: string): Promise<void> {
  let last = { allowed: true } as Attempt;
  await waitFor(`the policy to refuse the controller's create in ${namespace}, naming the prefix ${prefix}`, async () => {
    last = await tryCreate(controller, namespace, 'cm-probe');
    return !last.allowed && last.message.includes(prefix);
  }, { timeoutMs: 15_000, intervalMs: 250, lastSeen: () => last });
}

describe('6 · Admission policy: the controller writes only where it mirrors', () => {
  checkpoint(
    "the controller's writes are confined to its prefix (ValidatingAdmissionPolicy with a parameter)",
    {
      expect:
        "with the controller's token: creating a ConfigMap in kube-system or in a namespace without the prefix, and updating or deleting one there, is refused with a message naming the prefix; create, update and delete in a namespace with the prefix go through; an admin's writes anywhere are not judged; and the controller can neither change nor delete the policy's own parameter (the binding lets everything through while it is missing, so it is the key to the confinement)",
      look: todo('6.6'),
    },
    async () => {
      const prefix = newPrefix();
      const { home, controller, admin } = await prefixWorld('prefix-vap', prefix);
      const mine = await testNamespace('prefix-mine', { name: `${prefix}a` });
      const other = await testNamespace('other-ns');
      // A new policy, binding and parameter take a moment to reach the API server's admission chain: wait until it bites.
      await policyActive(controller, other, prefix);
      await confinementChecks({ controller, admin, prefix, mine, other, tryCreate });

      // parameterNotFoundAction Allow: without its parameter the policy lets everything through. The controller must not reach it.
      const param = await admin.readNamespacedConfigMap({ namespace: home, name: prefixParamName });
      const change = await attempt(() => controller.replaceNamespacedConfigMap({ namespace: home, name: prefixParamName, body: { metadata: { name: prefixParamName }, data: { prefix: '' } } }));
      expect(change.allowed, `the controller's update of its own parameter ${home}/${prefixParamName} was let through`).toBe(false);
      const removal = await attempt(() => controller.deleteNamespacedConfigMap({ namespace: home, name: prefixParamName }));
      expect(removal.allowed, `the controller's delete of its own parameter ${home}/${prefixParamName} was let through`).toBe(false);
      expect((await admin.readNamespacedConfigMap({ namespace: home, name: prefixParamName })).data, `${prefixParamName} after the controller's refused writes`).toEqual(param.data);
    },
    40_000,
  );

  checkpoint(
    'the prefix is data: change the parameter, and the rule follows',
    {
      expect: `after an admin changes data.prefix in the ConfigMap ${prefixParamName} (the binding's paramRef), the controller may write in namespaces with the new prefix and is refused, naming the new prefix, in those with the old one — the policy itself unchanged; an empty prefix, or no parameter at all, then refuses every write`,
      look: todo('6.6', 'params.data.prefix, not a prefix written into the expression'),
    },
    async () => {
      const before = newPrefix();
      const after = newPrefix();
      const { home, controller, admin } = await prefixWorld('prefix-param', before);
      const old = await testNamespace('prefix-old', { name: `${before}a` });
      const next = await testNamespace('prefix-new', { name: `${after}b` });
      await policyActive(controller, next, before);
      expect(await tryCreate(controller, old, 'cm-probe'), `a create in ${old}, which starts with the prefix ${before}`).toEqual({ allowed: true });

      const param = await admin.readNamespacedConfigMap({ namespace: home, name: prefixParamName });
      await admin.replaceNamespacedConfigMap({ namespace: home, name: prefixParamName, body: { ...param, data: { ...param.data, prefix: after } } });
      let refusal = { allowed: true } as Attempt;
      await waitFor(`the rule to follow the parameter (${before} → ${after})`, async () => {
        refusal = await tryCreate(controller, old, 'cm-probe');
        return !refusal.allowed && (await tryCreate(controller, next, 'cm-probe')).allowed;
      }, { timeoutMs: 15_000, intervalMs: 250, lastSeen: () => refusal });
      expect(refusal.allowed ? '' : refusal.message, `the refusal in ${old} names the new prefix`).toContain(after);

      // An empty prefix is not "everywhere" (every name starts with ''): it allows nothing.
      const setPrefix = async (prefix: string) => {
        const current = await admin.readNamespacedConfigMap({ namespace: home, name: prefixParamName });
        await admin.replaceNamespacedConfigMap({ namespace: home, name: prefixParamName, body: { ...current, data: { ...current.data, prefix } } });
      };
      const mayCreateInNext = async () => (await tryCreate(controller, next, 'cm-probe')).allowed;
      await setPrefix('');
      await waitFor(`an empty prefix to refuse the controller's create in ${next}`, async () => !(await mayCreateInNext()), { timeoutMs: 15_000, intervalMs: 250 });
      // No parameter at all must not stop the cluster: the API server looks the parameter up
      // before matchConditions, so with parameterNotFoundAction Deny everyone's ConfigMap writes
      // would be refused. Allow skips the policy instead.
      await setPrefix(after);
      await waitFor(`the prefix ${after} to allow the controller's create in ${next} again`, mayCreateInNext, { timeoutMs: 15_000, intervalMs: 250 });
      await admin.deleteNamespacedConfigMap({ namespace: home, name: prefixParamName });
      const adminMayCreate = async () => (await tryCreate(admin, next, 'cm-admin')).allowed;
      await waitFor(`the policy to let the controller through in ${next} with its parameter gone (parameterNotFoundAction Allow)`, mayCreateInNext, { timeoutMs: 15_000, intervalMs: 250 });
      expect(await adminMayCreate(), `with the parameter gone, an admin's ConfigMap create in ${next} (parameterNotFoundAction Deny would refuse everyone's)`).toBe(true);
    },
    40_000,
  );
});
