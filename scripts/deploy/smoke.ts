import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { isNotFound } from '../../solutions/00-common/api-errors.js';

/**
 * What a person checks after a deploy: a source labelled mirror=true appears
 * in a namespace with the prefix, and goes away with its source. Everything it
 * makes is removed again, whether it passes or not. Returns the seconds to
 * mirror and to clean up.
 */
export async function smokeTest(kc: KubeConfig, options: { prefix: string; log: (line: string) => void; timeoutMs?: number }): Promise<{ mirrorSeconds: number; cleanupSeconds: number }> {
  const core = kc.makeApiClient(CoreV1Api);
  const suffix = Math.random().toString(36).slice(2, 7);
  const sourceNs = `bare-controller-smoke-${suffix}`;
  const targetNs = `${options.prefix}smoke-${suffix}`;
  const name = 'smoke';
  const timeoutMs = options.timeoutMs ?? 60_000;
  const until = async (what: string, check: () => Promise<boolean>) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check().catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`smoke test: ${what} did not happen within ${timeoutMs / 1000}s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  try {
    for (const ns of [sourceNs, targetNs]) await core.createNamespace({ body: { metadata: { name: ns, labels: { 'bare-controller/smoke': suffix } } } });
    options.log(`smoke test: source ${sourceNs}/${name} (mirror=true) → expecting ${targetNs}/${name}`);
    const started = Date.now();
    await core.createNamespacedConfigMap({ namespace: sourceNs, body: { metadata: { name, labels: { mirror: 'true' } }, data: { hello: 'from npm run deploy' } } });
    await until(`the mirror ${targetNs}/${name}`, async () => (await core.readNamespacedConfigMap({ namespace: targetNs, name })).data?.hello === 'from npm run deploy');
    const mirrorSeconds = (Date.now() - started) / 1000;
    options.log(`smoke test: mirrored in ${mirrorSeconds.toFixed(1)}s; deleting the source`);
    const deleted = Date.now();
    await core.deleteNamespacedConfigMap({ namespace: sourceNs, name });
    await until(`the removal of ${targetNs}/${name}`, async () => {
      try {
        await core.readNamespacedConfigMap({ namespace: targetNs, name });
        return false;
      } catch (error) {
        return isNotFound(error);
      }
    });
    const cleanupSeconds = (Date.now() - deleted) / 1000;
    options.log(`smoke test: the mirror went with its source in ${cleanupSeconds.toFixed(1)}s`);
    return { mirrorSeconds, cleanupSeconds };
  } finally {
    for (const ns of [sourceNs, targetNs]) await core.deleteNamespace({ name: ns }).catch(() => undefined);
  }
}
