import { AppsV1Api, CoreV1Api, type KubeConfig, type V1Deployment } from '@kubernetes/client-node';

/** A rollout is complete as `kubectl rollout status` judges it: every replica updated and available, the latest spec observed. */
export function rolloutComplete(d: V1Deployment): boolean {
  const want = d.spec?.replicas ?? 1;
  const s = d.status ?? {};
  return (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 1) && (s.updatedReplicas ?? 0) === want && (s.availableReplicas ?? 0) === want && (s.replicas ?? 0) === want;
}

export function describeRollout(d: V1Deployment): string {
  const s = d.status ?? {};
  return `${s.updatedReplicas ?? 0}/${d.spec?.replicas ?? 1} updated, ${s.readyReplicas ?? 0} ready, ${s.availableReplicas ?? 0} available`;
}

/** Waits for the rollout, reporting progress when it changes; on time-out says where it stuck. */
export async function waitForRollout(kc: KubeConfig, namespace: string, name: string, options: { timeoutMs?: number; onProgress?: (line: string) => void } = {}): Promise<V1Deployment> {
  const apps = kc.makeApiClient(AppsV1Api);
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let said = '';
  let last: V1Deployment | undefined;
  while (Date.now() < deadline) {
    last = await apps.readNamespacedDeployment({ namespace, name });
    if (rolloutComplete(last)) return last;
    const now = describeRollout(last);
    if (now !== said) options.onProgress?.(`rollout of ${namespace}/${name}: ${now}`);
    said = now;
    // A container that crashed will crash again: say why now, not after the whole time-out in back-off.
    const stuck = await stuckPod(kc, namespace, last);
    if (stuck) throw new Error(`the rollout of ${namespace}/${name} cannot complete: ${stuck}${await diagnosePods(kc, namespace, last)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const why = last ? await diagnosePods(kc, namespace, last) : '';
  throw new Error(`the rollout of ${namespace}/${name} did not complete in ${(options.timeoutMs ?? 120_000) / 1000}s (${last ? describeRollout(last) : 'no status'})${why}`);
}

/** Waiting reasons that do not go away by waiting longer. */
const hopeless = new Set(['CrashLoopBackOff', 'ErrImageNeverPull', 'ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);

/** The first pod of the Deployment whose container exited with an error or cannot start, in words; undefined while none has. */
export async function stuckPod(kc: KubeConfig, namespace: string, deployment: V1Deployment): Promise<string | undefined> {
  const selector = Object.entries(deployment.spec?.selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
  const pods = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace, labelSelector: selector }).catch(() => undefined);
  for (const pod of pods?.items ?? []) {
    if (pod.metadata?.deletionTimestamp) continue; // an old pod stopping is the rollout, not a crash
    for (const status of pod.status?.containerStatuses ?? []) {
      const exited = status.state?.terminated ?? status.lastState?.terminated;
      if (exited && exited.exitCode !== 0) return `pod ${pod.metadata?.name}'s container ${status.name} exited with ${exited.exitCode} (${exited.reason ?? 'no reason'})`;
      const waiting = status.state?.waiting?.reason;
      if (waiting && hopeless.has(waiting)) return `pod ${pod.metadata?.name}: ${waiting}`;
    }
  }
  return undefined;
}

/**
 * Why a Deployment's pods are not ready, the way a person would find out:
 * each pod's waiting reason (CrashLoopBackOff, ErrImageNeverPull…), the
 * admission error of pods that could not be created, and the last log lines
 * of a container that exited.
 */
export async function diagnosePods(kc: KubeConfig, namespace: string, deployment: V1Deployment): Promise<string> {
  const core = kc.makeApiClient(CoreV1Api);
  const selector = Object.entries(deployment.spec?.selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
  const lines: string[] = [];
  for (const condition of deployment.status?.conditions ?? []) if (condition.status === 'False' || condition.type === 'ReplicaFailure') lines.push(`${condition.type}: ${condition.message}`);
  try {
    const events = await core.listNamespacedEvent({ namespace });
    for (const e of events.items.filter((e) => e.type === 'Warning' && e.reason === 'FailedCreate').slice(-2)) lines.push(`FailedCreate: ${e.message}`);
    for (const pod of (await core.listNamespacedPod({ namespace, labelSelector: selector })).items) {
      const name = pod.metadata?.name ?? '?';
      for (const status of pod.status?.containerStatuses ?? []) {
        const waiting = status.state?.waiting;
        const terminated = status.lastState?.terminated ?? status.state?.terminated;
        if (waiting) lines.push(`pod ${name}: ${waiting.reason}${waiting.message ? ` — ${waiting.message}` : ''}`);
        if (terminated) {
          lines.push(`pod ${name}: exited ${terminated.exitCode} (${terminated.reason ?? 'no reason'}), restarts ${status.restartCount}`);
          const logs = await core.readNamespacedPodLog({ namespace, name, previous: status.restartCount > 0 && !status.state?.terminated, tailLines: 8 }).catch(() => '');
          if (logs.trim()) lines.push(`  last log lines of ${name}:`, ...logs.trim().split('\n').map((l) => `    ${l}`));
        } else if (!status.ready && !waiting) lines.push(`pod ${name}: running, not ready (its readiness probe fails)`);
      }
      if (!pod.status?.containerStatuses?.length) lines.push(`pod ${name}: ${pod.status?.phase ?? 'no status'}${pod.status?.conditions?.find((c) => c.status === 'False')?.message ? ` — ${pod.status.conditions.find((c) => c.status === 'False')!.message}` : ''}`);
    }
  } catch (error) {
    lines.push(`(could not look at the pods: ${(error as Error).message})`);
  }
  return lines.length ? `\n${lines.join('\n')}` : '';
}
