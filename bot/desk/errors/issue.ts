import { fingerprintOf, issueIdOf, normalizeMessage, topFrame } from './fingerprint.js';
import type { StoredReport } from './report.js';

/** One received exception, with the id and time the desk gave it. */
export interface ErrorEvent {
  eventId: string;
  receivedAt: string;
  report: StoredReport;
}

const MINUTE_MS = 60_000;
/** Per-minute counts are kept for a day: enough for any "since" an investigator asks. */
const BUCKET_MINUTES = 24 * 60;
/** Distinct requests counted per issue; past this the figure is a floor. */
export const MAX_TRACKED_REQUESTS = 10_000;
const MAX_RELEASES = 20;

/**
 * An issue: every event with one fingerprint. Counts cover every event ever received; only
 * the newest `keep` events are held whole.
 */
export interface Issue {
  id: string;
  fingerprint: string;
  service: string;
  type: string;
  code: string | undefined;
  /** `Type: message` of the first event. */
  title: string;
  /** The normalized message the events share. */
  pattern: string;
  /** The top stack frame, `function (path)`. */
  frame: string | undefined;
  level: 'error' | 'fatal';
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** Distinct trace (or request) ids, up to MAX_TRACKED_REQUESTS. */
  requests: Set<string>;
  releases: Map<string, number>;
  /** Events per minute (epoch minute → count), the last day. */
  minutes: Map<number, number>;
  events: ErrorEvent[];
}

/** What identifies the request an event belongs to: its trace, else the request id the kit adds. */
export function requestKeyOf(r: StoredReport): string | undefined {
  if (r.traceId) return r.traceId;
  const id = r.context.requestId;
  return typeof id === 'string' && id !== '' ? `req:${id}` : undefined;
}

export function newIssue(r: StoredReport): Issue {
  const fingerprint = fingerprintOf(r);
  return {
    id: issueIdOf(r.service, fingerprint),
    fingerprint,
    service: r.service,
    type: r.type,
    code: r.code,
    title: `${r.type}: ${r.message}`.slice(0, 300),
    pattern: normalizeMessage(r.message),
    frame: topFrame(r.stack),
    level: r.level,
    count: 0,
    firstSeen: r.timestamp,
    lastSeen: r.timestamp,
    requests: new Set(),
    releases: new Map(),
    minutes: new Map(),
    events: [],
  };
}

/** Counts one event into its issue and keeps it among the newest `keep`. */
export function recordEvent(issue: Issue, event: ErrorEvent, keep: number): void {
  const r = event.report;
  issue.count += 1;
  if (r.timestamp < issue.firstSeen) issue.firstSeen = r.timestamp;
  if (r.timestamp > issue.lastSeen) issue.lastSeen = r.timestamp;
  if (r.level === 'fatal') issue.level = 'fatal';
  const key = requestKeyOf(r);
  if (key && issue.requests.size < MAX_TRACKED_REQUESTS) issue.requests.add(key);
  if (issue.releases.has(r.release) || issue.releases.size < MAX_RELEASES) issue.releases.set(r.release, (issue.releases.get(r.release) ?? 0) + 1);
  const minute = Math.floor(Date.parse(r.timestamp) / MINUTE_MS);
  issue.minutes.set(minute, (issue.minutes.get(minute) ?? 0) + 1);
  const oldest = Math.floor(Date.parse(issue.lastSeen) / MINUTE_MS) - BUCKET_MINUTES;
  for (const m of issue.minutes.keys()) if (m < oldest) issue.minutes.delete(m);
  keepEvent(issue, event, keep);
}

/** Holds an event without counting it (a compacted file's kept events). */
export function keepEvent(issue: Issue, event: ErrorEvent, keep: number): void {
  issue.events.push(event);
  if (issue.events.length > keep) issue.events.splice(0, issue.events.length - keep);
}

/** Events at or after `sinceMs`, from the per-minute counts (to the minute). */
export function countSince(issue: Issue, sinceMs: number): number {
  const from = Math.floor(sinceMs / MINUTE_MS);
  let n = 0;
  for (const [m, c] of issue.minutes) if (m >= from) n += c;
  return n;
}

/** The issue's aggregates as one JSON line of a compacted file. */
export function issueSnapshot(issue: Issue): Record<string, unknown> {
  const { events: _events, requests, releases, minutes, ...rest } = issue;
  return { ...rest, requests: [...requests], releases: [...releases], minutes: [...minutes] };
}

export function issueFromSnapshot(s: Record<string, unknown>): Issue {
  const snap = s as unknown as Omit<Issue, 'requests' | 'releases' | 'minutes' | 'events'> & {
    requests: string[]; releases: Array<[string, number]>; minutes: Array<[number, number]>;
  };
  return { ...snap, requests: new Set(snap.requests), releases: new Map(snap.releases), minutes: new Map(snap.minutes), events: [] };
}
