import type { CoreV1Event } from '@kubernetes/client-node';
import type { EventReason, LabEvent } from '../runtime.js';
import { iso } from './pods.js';

/**
 * The deployable an event is about, from the object it names: a Deployment `orders`, its
 * ReplicaSet `orders-5d9c7b`, its pod `orders-5d9c7b-x2k4q`. Events carry no labels and
 * outlive their pods, so the name is all there is.
 */
function deployableOf(kind: string | undefined, name: string, known: ReadonlySet<string>): string | undefined {
  const parts = name.split('-');
  const candidate = kind === 'Pod' ? parts.slice(0, -2).join('-') : kind === 'ReplicaSet' ? parts.slice(0, -1).join('-') : kind === 'Deployment' ? name : '';
  return known.has(candidate) ? candidate : undefined;
}

/**
 * The kubelet's and controllers' reasons in the Runtime's vocabulary. Scheduling and image
 * pulls (Scheduled, Pulling, Pulled, Created, SuccessfulCreate) have no counterpart in the
 * local lab and would bury the ones an investigator reads, so they are left out; any other
 * Warning is kept as Unhealthy with its own reason in the message (FailedMount, OOMKilling).
 */
function reasonOf(event: CoreV1Event): EventReason | undefined {
  switch (event.reason) {
    case 'Started': return 'Started';
    case 'Killing': return 'Stopped';
    case 'BackOff': return /restarting failed container/i.test(event.message ?? '') ? 'CrashLoop' : 'BackOff';
    case 'Unhealthy': return 'Unhealthy';
    case 'ScalingReplicaSet': return 'Scaled';
    default: return event.type === 'Warning' ? 'Unhealthy' : undefined;
  }
}

export function labEvent(event: CoreV1Event, known: ReadonlySet<string>): LabEvent | undefined {
  const name = event.involvedObject.name ?? '';
  const deployable = deployableOf(event.involvedObject.kind, name, known);
  const reason = reasonOf(event);
  if (!deployable || !reason) return undefined;
  const mapped = reason === 'Unhealthy' && event.reason !== 'Unhealthy';
  return {
    at: iso(event.lastTimestamp) ?? iso(event.eventTime) ?? iso(event.firstTimestamp) ?? iso(event.metadata.creationTimestamp) ?? '',
    deployable,
    pod: name,
    reason,
    type: event.type === 'Warning' ? 'Warning' : 'Normal',
    message: mapped ? `${event.reason ?? 'Warning'}: ${event.message ?? ''}` : event.message ?? '',
  };
}
