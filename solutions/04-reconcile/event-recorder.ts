import type { CoreV1Api, KubernetesObject } from '@kubernetes/client-node';
import { silentLogger, type Logger } from '../00-common/logger.js';
import { realClock, type Clock } from '../01-list-watch/index.js';

export type EventType = 'Normal' | 'Warning';

/**
 * client-go's record.EventRecorder: what a reconciler needs to say something
 * about an object to whoever runs `kubectl describe` on it. Best effort: it
 * never throws, so a lost Event never fails a reconcile. A test passes any
 * object with this method.
 */
export interface EventRecorder {
  event(obj: KubernetesObject, type: EventType, reason: string, message: string): Promise<void>;
}

/**
 * The EventRecorder the controller uses, small: writes core/v1 Events, and
 * sends the same (object, reason, message) at most once per window, so a
 * resync every few minutes does not bury the object in events (client-go's
 * broadcaster correlates and counts them instead).
 */
export class DedupingEventRecorder implements EventRecorder {
  private readonly lastSent = new Map<string, number>();

  constructor(
    private readonly core: CoreV1Api,
    private readonly component: string,
    private readonly log: Logger = silentLogger,
    private readonly dedupWindowMs = 10 * 60_000,
    private readonly clock: Clock = realClock,
  ) {}

  async event(obj: KubernetesObject, type: EventType, reason: string, message: string): Promise<void> {
    const { name, namespace, uid } = obj.metadata ?? {};
    if (!name || !namespace) return;
    const key = `${uid ?? `${namespace}/${name}`}|${reason}|${message}`;
    const now = this.clock.now();
    if (now - (this.lastSent.get(key) ?? -Infinity) < this.dedupWindowMs) return;
    this.lastSent.set(key, now);
    // The date people read (kubectl get events: "LAST SEEN"), not the monotonic reading the window is timed on.
    const time = this.clock.wallTime();
    try {
      await this.core.createNamespacedEvent({
        namespace,
        body: {
          metadata: { generateName: `${name}.` },
          involvedObject: { apiVersion: obj.apiVersion ?? 'v1', kind: obj.kind ?? 'ConfigMap', name, namespace, uid },
          type,
          reason,
          message,
          source: { component: this.component },
          reportingComponent: this.component,
          firstTimestamp: time,
          lastTimestamp: time,
          count: 1,
        },
      });
    } catch (error) {
      // Events are best effort: failing to record one must not fail the reconcile.
      this.log.error('could not record event', { reason, error: (error as Error).message });
    }
  }
}
