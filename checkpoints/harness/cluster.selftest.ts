/**
 * Self-tests of the cluster under the checkpoints: it must behave as a real
 * cluster does where later stages rely on it (RBAC, TokenRequest, namespace
 * deletion, the proxy passing a ServiceAccount's own token through).
 */
import { AuthenticationV1Api, CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { startProxy } from './api-proxy.js';
import { skipBecause } from './checkpoint.js';
import { adminCore, adminKubeConfig, clusterInfo, readOrAbsent, testNamespace, tokenKubeConfig } from './cluster.js';
import { waitFor } from './wait.js';

describe('the cluster behaves like a real one', () => {
  it('issues ServiceAccount tokens (TokenRequest) that RBAC then limits', async () => {
    const ns = await testNamespace('self-sa');
    const core = adminCore();
    await core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: 'reader' } } });
    const rbac = adminKubeConfig().makeApiClient(RbacAuthorizationV1Api);
    await rbac.createNamespacedRole({
      namespace: ns,
      body: { metadata: { name: 'read-configmaps' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }] },
    });
    await rbac.createNamespacedRoleBinding({
      namespace: ns,
      body: {
        metadata: { name: 'reader' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'read-configmaps' },
        subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: ns }],
      },
    });
    const request = await core.createNamespacedServiceAccountToken({ namespace: ns, name: 'reader', body: { spec: { expirationSeconds: 600 } } });
    const token = request.status?.token ?? '';
    expect(token, 'a token from the TokenRequest API').toBeTruthy();

    const admin = adminKubeConfig();
    const asReader = tokenKubeConfig(token).makeApiClient(CoreV1Api);
    await expect(asReader.listNamespacedConfigMap({ namespace: ns }), 'allowed by the Role').resolves.toBeDefined();
    await expect(asReader.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'x' } } }), 'create is not in the Role').rejects.toMatchObject({ code: 403 });
    const review = await admin.makeApiClient(AuthenticationV1Api).createTokenReview({ body: { spec: { token: token } } });
    expect(review.status?.user?.username).toBe(`system:serviceaccount:${ns}:reader`);

    // Through the checkpoint proxy, a caller's own token is kept, not replaced by admin's.
    const proxy = await startProxy();
    const viaProxy = tokenKubeConfig(token, proxy.url).makeApiClient(CoreV1Api);
    await expect(viaProxy.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'x' } } })).rejects.toMatchObject({ code: 403 });
    await expect(viaProxy.listNamespacedConfigMap({ namespace: ns })).resolves.toBeDefined();
  });

  it('finishes deleting a namespace and its contents (namespace controller)', async (context) => {
    if (!clusterInfo().capabilities.controllers) skipBecause(context, 'this cluster runs no kube-controller-manager');
    const core = adminCore();
    const ns = await testNamespace('self-nsdel');
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'x' } } });
    await core.deleteNamespace({ name: ns });
    await waitFor(`namespace ${ns} to be gone`, async () => (await readOrAbsent(() => core.readNamespace({ name: ns }))) === undefined, { timeoutMs: 60_000 });
  }, 90_000);
});
