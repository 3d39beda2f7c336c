import { z } from 'zod';

const labels = z.record(z.string(), z.string());
const timestamp = z.iso.datetime({ offset: true, message: 'expected an RFC 3339 timestamp' });

/** One alert in an Alertmanager webhook notification. */
export const webhookAlertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels,
  annotations: labels,
  startsAt: timestamp,
  // Go's zero time (0001-01-01T00:00:00Z) while an alert is still firing.
  endsAt: timestamp,
  generatorURL: z.string(),
  fingerprint: z.string().min(1),
});

/**
 * Alertmanager's webhook payload, version 4. Not strict: Alertmanager adds fields over
 * time (truncatedAlerts), and a receiver that refuses them would drop pages.
 */
export const webhookPayloadSchema = z.object({
  version: z.literal('4'),
  groupKey: z.string().min(1),
  truncatedAlerts: z.number().int().min(0).optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: labels,
  commonLabels: labels,
  commonAnnotations: labels,
  externalURL: z.string(),
  alerts: z.array(webhookAlertSchema).min(1),
});

export type WebhookPayload = z.output<typeof webhookPayloadSchema>;

/** The incident title: the group's summary, else its alert name. */
export function incidentTitle(p: WebhookPayload): string {
  return p.commonAnnotations.summary ?? p.commonLabels.alertname ?? p.groupLabels.alertname
    ?? p.alerts[0]?.annotations.summary ?? p.alerts[0]?.labels.alertname ?? 'alert';
}

/** The severity label the group shares, lower-cased; `unknown` when the alerts disagree or have none. */
export function incidentSeverity(p: WebhookPayload): string {
  return (p.commonLabels.severity ?? 'unknown').toLowerCase();
}

export function incidentService(p: WebhookPayload): string | null {
  return p.commonLabels.service ?? p.groupLabels.service ?? null;
}

/** When the group started firing: the earliest startsAt among its alerts. */
export function firstStartsAt(p: WebhookPayload): string {
  const times = p.alerts.map((a) => Date.parse(a.startsAt));
  return new Date(Math.min(...times)).toISOString();
}
