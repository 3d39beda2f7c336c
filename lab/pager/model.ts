export const incidentStatuses = ['triggered', 'acknowledged', 'resolved'] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];

export type TimelineType = 'triggered' | 'notified' | 'acknowledged' | 'escalated' | 'resolved';

export interface TimelineEntry {
  at: string;
  type: TimelineType;
  by?: string;
  channel?: string;
  message: string;
}

export interface Incident {
  id: string;
  title: string;
  status: IncidentStatus;
  severity: string;
  service: string | null;
  createdAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  /** Distinct alerts (by fingerprint) the group has carried while this incident was open. */
  alertCount: number;
  groupKey: string;
  /** Who is paged now: escalation[escalationLevel]. */
  assignee: string;
  escalationLevel: number;
  fingerprints: string[];
}

export type IncidentSummary = Omit<Incident, 'fingerprints'>;

export function summarize(incident: Incident): IncidentSummary {
  const { fingerprints: _fingerprints, ...summary } = incident;
  return summary;
}
