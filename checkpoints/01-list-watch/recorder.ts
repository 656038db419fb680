import type { V1ConfigMap } from '@kubernetes/client-node';
import { onTestFinished } from 'vitest';
import { ConfigMapListWatch, DeletedFinalStateUnknown, Reflector, type Clock, type ReflectorEvent } from '@stage/01-list-watch/index.js';
import type { ApiProxy } from '../harness/api-proxy.js';
import type { Logger } from '@stage/00-common/logger.js';

/** `ADDED cm-a`, `DELETED? cm-b` (a tombstone), … for the ConfigMaps a test made (names starting cm-). */
export function describeEvents(events: ReflectorEvent<V1ConfigMap>[]): string[] {
  return events.flatMap((event) => {
    const tombstone = event.type === 'DELETED' && event.object instanceof DeletedFinalStateUnknown;
    const object = event.object instanceof DeletedFinalStateUnknown ? event.object.obj : event.object;
    const name = object.metadata?.name ?? '?';
    if (!name.startsWith('cm-')) return [];
    return [`${event.type}${tombstone ? '?' : ''} ${name}`];
  });
}

/** A Reflector over one namespace through the test's proxy, recording what it delivers; stopped after the test. */
export function startReflector(proxy: ApiProxy, namespace: string, options: { watchTimeoutSeconds?: number; clock?: Clock; log?: Logger } = {}) {
  const events: ReflectorEvent<V1ConfigMap>[] = [];
  /** What hasSynced() answered while each event was being delivered, in step with `events`. */
  const syncedDuringDelivery: boolean[] = [];
  const reflector: Reflector<V1ConfigMap> = new Reflector<V1ConfigMap>({
    listerWatcher: new ConfigMapListWatch(proxy.kubeConfig(), namespace),
    onEvent: (event) => {
      events.push(event);
      syncedDuringDelivery.push(reflector.hasSynced());
    },
    watchTimeoutSeconds: options.watchTimeoutSeconds,
    clock: options.clock,
    log: options.log,
    name: `checkpoint-${namespace}`,
  });
  let failure: unknown;
  const done = reflector.run().catch((error: unknown) => {
    failure = error;
  });
  onTestFinished(async () => {
    await Promise.race([reflector.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 3_000))]);
  });
  return {
    reflector,
    events,
    syncedDuringDelivery,
    done,
    /** Rethrows what run() failed with (e.g. a TODO not written yet). */
    check() {
      if (failure) throw failure;
    },
  };
}
