import type { V1ConfigMap } from '@kubernetes/client-node';
import { onTestFinished } from 'vitest';
import { ConfigMapListWatch, DeletedFinalStateUnknown, type Clock } from '@stage/01-list-watch/index.js';
import { SharedIndexInformer, type ResourceEventHandler } from '@stage/02-informer/index.js';
import type { ApiProxy } from '../harness/api-proxy.js';

export type Seen = { kind: 'add' | 'update' | 'delete' | 'delete?'; name: string; rv?: string; oldRv?: string; initial?: boolean; data?: Record<string, string> };

/** A handler that writes down what it is told, for the ConfigMaps a test made (names starting cm-). */
export function recordingHandler(): { handler: ResourceEventHandler<V1ConfigMap>; seen: Seen[]; names: () => string[] } {
  const seen: Seen[] = [];
  const ours = (cm: V1ConfigMap) => cm.metadata?.name?.startsWith('cm-');
  const handler: ResourceEventHandler<V1ConfigMap> = {
    onAdd: (obj, initial) => ours(obj) && seen.push({ kind: 'add', name: obj.metadata!.name!, rv: obj.metadata?.resourceVersion, initial }),
    onUpdate: (oldObj, newObj) =>
      ours(newObj) &&
      seen.push({ kind: 'update', name: newObj.metadata!.name!, rv: newObj.metadata?.resourceVersion, oldRv: oldObj.metadata?.resourceVersion, data: newObj.data }),
    onDelete: (obj) => {
      const last = obj instanceof DeletedFinalStateUnknown ? obj.obj : obj;
      if (ours(last)) seen.push({ kind: obj instanceof DeletedFinalStateUnknown ? 'delete?' : 'delete', name: last.metadata!.name!, data: last.data });
    },
  };
  return { handler, seen, names: () => seen.map((s) => `${s.kind} ${s.name}`) };
}

/** An informer over one namespace through the test's proxy; stopped after the test. */
export function startInformer(proxy: ApiProxy, namespace: string | undefined, options: { defaultResyncMs?: number; transform?: (cm: V1ConfigMap) => V1ConfigMap; clock?: Clock } = {}) {
  const informer = new SharedIndexInformer<V1ConfigMap>(new ConfigMapListWatch(proxy.kubeConfig(), namespace), { ...options, name: 'checkpoint' });
  let failure: unknown;
  onTestFinished(async () => {
    await Promise.race([informer.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 3_000))]);
  });
  return {
    informer,
    run() {
      informer.run().catch((error: unknown) => (failure = error));
    },
    check() {
      if (failure) throw failure;
    },
  };
}
