import type { Logger } from 'pino';
import { AppError, notFound } from '../../services/kit/errors.js';
import type { PagerDeployConfig } from './config.js';
import type { PagerMetrics } from './metrics.js';
import { summarize, type Incident, type IncidentSummary, type TimelineEntry } from './model.js';
import { firstStartsAt, incidentService, incidentSeverity, incidentTitle, type WebhookPayload } from './payload.js';
import type { PagerStore } from './store.js';

export interface PagerDomain {
  store: PagerStore;
  deploy: PagerDeployConfig;
  metrics: PagerMetrics;
  log: Logger;
  now: () => Date;
  /** Runs incident changes one at a time, so two notifications for a group never open two incidents. */
  serial: <T>(fn: () => Promise<T>) => Promise<T>;
}

export const CHANNEL = 'alertmanager webhook';

export function createSerial(): PagerDomain['serial'] {
  let tail: Promise<unknown> = Promise.resolve();
  return (fn) => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

export interface NotificationResult {
  incident: IncidentSummary | null;
  opened: boolean;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One Alertmanager notification: opens, re-notifies or resolves its group's incident. */
export function receiveNotification(d: PagerDomain, p: WebhookPayload): Promise<NotificationResult> {
  return d.serial(async () => {
    d.metrics.notifications.inc({ status: p.status });
    const now = d.now().toISOString();
    const openId = await d.store.openIncidentOf(p.groupKey);
    const open = openId === undefined ? undefined : await d.store.get(openId);
    const firing = p.alerts.filter((a) => a.status === 'firing').length;

    if (p.status === 'resolved') {
      if (!open) {
        d.log.info({ groupKey: p.groupKey }, 'resolved notification without an open incident');
        return { incident: null, opened: false };
      }
      const resolved: Incident = { ...open, status: 'resolved', resolvedAt: now };
      await d.store.save(resolved, open.status, [{ at: now, type: 'resolved', by: 'alertmanager', channel: CHANNEL, message: `all alerts resolved: ${resolved.title}` }]);
      d.log.info({ incidentId: resolved.id, groupKey: p.groupKey }, 'incident resolved by alertmanager');
      return { incident: summarize(resolved), opened: false };
    }

    const notified: TimelineEntry = { at: now, type: 'notified', by: open?.assignee ?? d.deploy.escalation[0], channel: CHANNEL, message: '' };
    if (open) {
      const fingerprints = [...new Set([...open.fingerprints, ...p.alerts.map((a) => a.fingerprint)])];
      const updated: Incident = { ...open, fingerprints, alertCount: fingerprints.length };
      notified.message = `re-notified ${updated.assignee} via ${CHANNEL}: ${plural(firing, 'alert')} firing`;
      await d.store.save(updated, open.status, [notified]);
      return { incident: summarize(updated), opened: false };
    }

    const fingerprints = [...new Set(p.alerts.map((a) => a.fingerprint))];
    const incident: Incident = {
      id: await d.store.nextId(),
      title: incidentTitle(p),
      status: 'triggered',
      severity: incidentSeverity(p),
      service: incidentService(p),
      createdAt: now,
      acknowledgedAt: null,
      resolvedAt: null,
      alertCount: fingerprints.length,
      groupKey: p.groupKey,
      assignee: d.deploy.escalation[0] ?? 'on-call',
      escalationLevel: 0,
      fingerprints,
    };
    notified.by = incident.assignee;
    notified.message = `notified ${incident.assignee} via ${CHANNEL}: ${plural(firing, 'alert')} firing`;
    await d.store.save(incident, undefined, [
      { at: firstStartsAt(p), type: 'triggered', message: `${incident.title} (${incident.severity}${incident.service ? `, ${incident.service}` : ''})` },
      notified,
    ]);
    d.metrics.incidents.inc({ severity: incident.severity });
    d.log.info({ incidentId: incident.id, groupKey: p.groupKey, severity: incident.severity, service: incident.service }, 'incident opened');
    return { incident: summarize(incident), opened: true };
  });
}

async function load(d: PagerDomain, id: string): Promise<Incident> {
  const incident = await d.store.get(id);
  if (!incident) throw notFound('incident_not_found', `no incident ${id}`);
  return incident;
}

function refuseResolved(incident: Incident, action: string): void {
  if (incident.status === 'resolved') {
    throw new AppError('incident_resolved', 409, `incident ${incident.id} was resolved at ${incident.resolvedAt ?? '?'}; it cannot be ${action}`);
  }
}

export function getIncident(d: PagerDomain, id: string): Promise<Incident> {
  return load(d, id);
}

export async function getTimeline(d: PagerDomain, id: string): Promise<TimelineEntry[]> {
  await load(d, id);
  return d.store.timeline(id);
}

/** Acknowledging twice is harmless: the first acknowledgement stands. */
export function acknowledge(d: PagerDomain, id: string, by: string): Promise<IncidentSummary> {
  return d.serial(async () => {
    const incident = await load(d, id);
    refuseResolved(incident, 'acknowledged');
    if (incident.status === 'acknowledged') return summarize(incident);
    const now = d.now().toISOString();
    const updated: Incident = { ...incident, status: 'acknowledged', acknowledgedAt: now };
    await d.store.save(updated, incident.status, [{ at: now, type: 'acknowledged', by, message: `acknowledged by ${by}` }]);
    d.log.info({ incidentId: id, by }, 'incident acknowledged');
    return summarize(updated);
  });
}

export function resolve(d: PagerDomain, id: string, by: string, note?: string): Promise<IncidentSummary> {
  return d.serial(async () => {
    const incident = await load(d, id);
    refuseResolved(incident, 'resolved again');
    const now = d.now().toISOString();
    const updated: Incident = { ...incident, status: 'resolved', resolvedAt: now };
    await d.store.save(updated, incident.status, [{ at: now, type: 'resolved', by, message: note ? `resolved by ${by}: ${note}` : `resolved by ${by}` }]);
    d.log.info({ incidentId: id, by }, 'incident resolved');
    return summarize(updated);
  });
}

/**
 * Escalates every incident still triggered: level k is due k × escalateAfterMs after it
 * opened, and each level is reached once, up to the last name on the policy.
 */
export function escalateDue(d: PagerDomain): Promise<number> {
  return d.serial(async () => {
    const { escalateAfterMs, escalation } = d.deploy;
    const nowMs = d.now().getTime();
    const now = new Date(nowMs).toISOString();
    let escalated = 0;
    for (const id of await d.store.triggeredBefore(nowMs - escalateAfterMs)) {
      const incident = await d.store.get(id);
      if (!incident || incident.status !== 'triggered') continue;
      const due = Math.min(escalation.length - 1, Math.floor((nowMs - Date.parse(incident.createdAt)) / escalateAfterMs));
      if (due <= incident.escalationLevel) continue;
      const entries: TimelineEntry[] = [];
      let level = incident.escalationLevel;
      while (level < due) {
        level += 1;
        const to = escalation[level] ?? incident.assignee;
        entries.push({ at: now, type: 'escalated', by: to, message: `not acknowledged after ${level * escalateAfterMs / 1000}s; escalated to ${to} (level ${level + 1})` });
      }
      const updated: Incident = { ...incident, escalationLevel: level, assignee: escalation[level] ?? incident.assignee };
      await d.store.save(updated, incident.status, entries);
      d.log.warn({ incidentId: id, level: level + 1, assignee: updated.assignee }, 'incident escalated');
      escalated += 1;
    }
    return escalated;
  });
}
