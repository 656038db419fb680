import type { CoreV1Api, KubernetesObject } from '@kubernetes/client-node';
import { errorFields } from '../00-common/api-errors.js';
import { silentLogger, type Logger } from '../00-common/logger.js';
import { realClock, type Clock } from '../00-common/clock.js';
import { EventCorrelator, type CorrelatedEvent, type EventCorrelationOptions } from './event-correlator.js';

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
 * The EventRecorder the controller uses: writes core/v1 Events the way
 * client-go's recorder does, through an EventCorrelator (event-correlator.ts)
 * so that one object in trouble cannot flood `kubectl get events` or the API
 * server: repeats within 10 minutes are skipped, the 10th distinct message
 * of one (object, type, reason) and later ones fold into one aggregate Event
 * whose count goes up, and each object writes at most 25 Events at once, then
 * one every 5 minutes. A source that loses a name conflict in 1,000
 * namespaces gets 9 Events and one aggregate, not 1,000.
 *
 * It never blocks the reconcile on the API server: event() counts, starts the
 * write (one at a time per Event object; occurrences meanwhile ride on the
 * next write) and returns at once. A write that fails is logged, never
 * thrown. `flush()` waits for the writes in progress (stop() calls it).
 *
 * Given code, not a lesson: every client-go controller gets this from its
 * EventBroadcaster, and stage 4's lesson is the controller, not the Events it
 * reports through.
 */
export class DedupingEventRecorder implements EventRecorder {
  private readonly correlator: EventCorrelator;
  /** Per Event object: its write in progress, and whether another is queued behind it. */
  private readonly writing = new Map<CorrelatedEvent, { done: Promise<void>; queued: boolean }>();
  private readonly writes = new Set<Promise<void>>();
  /** Writes the spam filter dropped. */
  dropped = 0;

  constructor(
    private readonly core: CoreV1Api,
    /** Who reports: `source.component` and `reportingComponent` of every Event, e.g. `bare-controller-mirror`. */
    private readonly component: string,
    private readonly log: Logger = silentLogger,
    options: EventCorrelationOptions = {},
    clock: Clock = realClock,
  ) {
    this.correlator = new EventCorrelator(options, clock);
  }

  async event(obj: KubernetesObject, type: EventType, reason: string, message: string): Promise<void> {
    const { name, namespace, uid } = obj.metadata ?? {};
    if (!name || !namespace) return;
    const object = uid ?? `${namespace}/${name}`;
    const event = this.correlator.observe(object, type, reason, message);
    if (!event) return; // the same again within the window
    if (this.writing.get(event)?.queued) return; // the write queued for it will carry this occurrence too
    if (!this.correlator.allowWrite(object)) {
      this.dropped++;
      this.log.debug('event dropped by the spam filter', { object: `${namespace}/${name}`, reason, dropped: this.dropped });
      return;
    }
    const write = this.send(event, obj, type, reason);
    this.writes.add(write);
    void write.finally(() => this.writes.delete(write));
  }

  /** Resolves when the writes in progress have finished (successfully or not). */
  async flush(): Promise<void> {
    while (this.writes.size > 0) await Promise.all([...this.writes]);
  }

  /** After the Event's write in progress, creates or patches it with what is current by then. */
  private send(event: CorrelatedEvent, obj: KubernetesObject, type: EventType, reason: string): Promise<void> {
    const before = this.writing.get(event)?.done;
    const state = { done: Promise.resolve(), queued: true };
    state.done = (async () => {
      await before;
      state.queued = false;
      try {
        await this.write(event, obj, type, reason);
      } catch (error) {
        // Best effort: a lost Event must not fail the reconcile. The next write creates it anew
        // (it may have expired: the API server keeps Events for an hour).
        event.name = undefined;
        this.log.error('could not record event', { reason, ...errorFields(error) });
      } finally {
        if (this.writing.get(event) === state) this.writing.delete(event);
      }
    })();
    this.writing.set(event, state);
    return state.done;
  }

  private async write(event: CorrelatedEvent, obj: KubernetesObject, type: EventType, reason: string): Promise<void> {
    const { name, namespace, uid } = obj.metadata!;
    if (event.name) {
      // client-go patches count, message and lastTimestamp of the Event it created.
      await this.core.patchNamespacedEvent({
        namespace: namespace!,
        name: event.name,
        body: [
          { op: 'replace', path: '/count', value: event.count },
          { op: 'replace', path: '/message', value: event.message },
          { op: 'replace', path: '/lastTimestamp', value: event.lastTime.toISOString() },
        ],
      });
      return;
    }
    const created = await this.core.createNamespacedEvent({
      namespace: namespace!,
      body: {
        metadata: { generateName: `${name}.` },
        involvedObject: { apiVersion: obj.apiVersion ?? 'v1', kind: obj.kind ?? 'ConfigMap', name, namespace, uid },
        type,
        reason,
        message: event.message,
        source: { component: this.component },
        reportingComponent: this.component,
        firstTimestamp: event.firstTime,
        lastTimestamp: event.lastTime,
        count: event.count,
      },
    });
    event.name = created.metadata?.name;
  }
}
