import { AdmissionregistrationV1Api, CoreV1Api, type V1ValidatingWebhookConfiguration } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { describe, expect, onTestFinished, type TestContext } from 'vitest';
import { prefixWebhookConfiguration, serviceAccountName, WebhookServer } from '@stage/06-rbac/index.js';
import { checkpoint, skipBecause } from '../harness/checkpoint.js';
import { adminCore, adminKubeConfig, clusterInfo, runPrefix, testNamespace } from '../harness/cluster.js';
import { todo } from '../harness/look.js';
import { waitFor } from '../harness/wait.js';
import { apply, attempt, manifests, relocate, serviceAccountKubeConfig, suffix, type Attempt } from './fixture.js';
import { confinementChecks } from './prefix-confinement.js';
import { createWebhookPki } from './webhook-pki.js';

/** The API server calls the webhook at https://127.0.0.1:<port>: it must run on this machine, as envtest's does. */
function requireLocalApiServer(context: TestContext): void {
  const { provider } = clusterInfo();
  if (provider !== 'envtest') skipBecause(context, `the API server must reach a webhook on this machine's 127.0.0.1; with the ${provider} provider it runs elsewhere (a container)`);
}

/**
 * The learner's webhook, served and registered for this test's ServiceAccount:
 * a CA of the test's own, the WebhookServer (TODO 6.7) on 127.0.0.1, and the
 * ValidatingWebhookConfiguration (TODO 6.8), deleted when the test ends.
 */
async function webhookWorld(purpose: string) {
  const prefix = `${runPrefix()}${randomBytes(2).toString('hex')}-`;
  const id = suffix();
  const home = await testNamespace(`${purpose}-home`);
  await apply(relocate(manifests('rbac', ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding']), home, id));
  const username = `system:serviceaccount:${home}:${serviceAccountName}`;
  const pki = createWebhookPki();
  const server = await WebhookServer.start({ rule: { prefix, username }, tls: { cert: pki.cert, key: pki.key } });
  onTestFinished(() => server.close());
  const configuration = prefixWebhookConfiguration({ name: `bare-controller-mirror-prefix-${id}`, url: server.url, caPem: pki.caPem, username });
  // A webhook that is called for every user's writes would hold up (or, while down, refuse) every
  // ConfigMap write in this cluster, other learners' included: refuse to register it.
  const hooks = configuration.webhooks ?? [];
  expect(hooks.length, 'the configuration holds one webhook').toBe(1);
  expect(JSON.stringify(hooks[0]!.matchConditions ?? []), 'matchConditions that admit only the controller\'s ServiceAccount (the username you were given)').toContain(username);
  const admission = adminKubeConfig().makeApiClient(AdmissionregistrationV1Api);
  await admission.createValidatingWebhookConfiguration({ body: configuration });
  onTestFinished(async () => void (await admission.deleteValidatingWebhookConfiguration({ name: configuration.metadata!.name! }).catch(() => undefined)));
  const controller = (await serviceAccountKubeConfig(home)).makeApiClient(CoreV1Api);
  return { prefix, controller, admin: adminCore(), server, configuration: configuration as V1ValidatingWebhookConfiguration };
}

async function tryCreate(controller: CoreV1Api, namespace: string, name: string): Promise<Attempt> {
  const result = await attempt(() => controller.createNamespacedConfigMap({ namespace, body: { metadata: { name }, data: { v: '1' } } }));
  if (result.allowed) await adminCore().deleteNamespacedConfigMap({ namespace, name }).catch(() => undefined);
  return result;
}

/** A new webhook configuration takes a moment to reach the API server's admission chain: wait until the webhook answers "no". */
async function webhookActive(controller: CoreV1Api, other: string): Promise<void> {
  let last = { allowed: true } as Attempt;
  await waitFor(`the webhook to refuse the controller's create in ${other} (403)`, async () => {
    last = await tryCreate(controller, other, 'cm-probe');
    return !last.allowed && last.code === 403;
  }, { timeoutMs: 15_000, intervalMs: 250, lastSeen: () => last });
}

describe('6 · Admission webhook: the same rule, served in TypeScript', () => {
  checkpoint(
    "the controller's writes are confined to its prefix (ValidatingAdmissionWebhook)",
    {
      expect:
        "with your WebhookServer behind your ValidatingWebhookConfiguration (a CA of the test's own in caBundle, url https://127.0.0.1:<port>/validate-prefix) and the controller's token: a create in kube-system or in a namespace without the prefix, an update or delete there, is refused (403) with a message naming the prefix; create, update and delete in a namespace with the prefix go through; an admin is not judged",
      look: todo('6.7', '6.8'),
    },
    async (context) => {
      requireLocalApiServer(context);
      const { prefix, controller, admin } = await webhookWorld('prefix-hook');
      const mine = await testNamespace('prefix-mine', { name: `${prefix}a` });
      const other = await testNamespace('other-ns');
      await webhookActive(controller, other);
      await confinementChecks({ controller, admin, prefix, mine, other, tryCreate });
    },
    40_000,
  );

  checkpoint(
    "when the webhook is down, failurePolicy Fail refuses the controller's writes — and only the controller's",
    {
      expect:
        "failurePolicy Fail, sideEffects None, admissionReviewVersions [v1] and a timeoutSeconds of at most 10; with the webhook server stopped, the controller's create in its own namespace is refused (the API server cannot ask), while an admin's create goes through (matchConditions kept the admin's request away from the webhook)",
      look: todo('6.8'),
    },
    async (context) => {
      requireLocalApiServer(context);
      const { prefix, controller, admin, server, configuration } = await webhookWorld('prefix-down');
      const hook = configuration.webhooks![0]!;
      expect({ failurePolicy: hook.failurePolicy, sideEffects: hook.sideEffects, admissionReviewVersions: hook.admissionReviewVersions }, 'the webhook\'s failure and side-effect settings').toEqual({ failurePolicy: 'Fail', sideEffects: 'None', admissionReviewVersions: ['v1'] });
      expect(hook.timeoutSeconds !== undefined && hook.timeoutSeconds >= 1 && hook.timeoutSeconds <= 10, `timeoutSeconds ${hook.timeoutSeconds}: set, 1 to 10 (a write waits that long for a webhook that does not answer; the default is 10)`).toBe(true);
      const mine = await testNamespace('prefix-mine', { name: `${prefix}a` });
      const other = await testNamespace('other-ns');
      await webhookActive(controller, other);

      await server.close();
      const down = await tryCreate(controller, mine, 'cm-while-down');
      expect(down.allowed, `the controller's create in ${mine} while the webhook is down was let through (failurePolicy ${hook.failurePolicy})`).toBe(false);
      if (!down.allowed) expect(down.message, 'the refusal says the webhook could not be called').toMatch(/failed calling webhook/);
      expect(await tryCreate(admin, other, 'cm-admin-while-down'), `an admin's create in ${other} while the webhook is down`).toEqual({ allowed: true });
    },
    40_000,
  );
});
