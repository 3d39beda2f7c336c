import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { issueFromSnapshot, issueSnapshot, keepEvent, newIssue, recordEvent, type ErrorEvent, type Issue } from './issue.js';
import { fingerprintOf } from './fingerprint.js';
import type { StoredReport } from './report.js';

export interface ErrorStoreOptions {
  /** `<stateDir>/desk/errors.jsonl`; in memory only without it. */
  file?: string;
  /** Events held whole per issue; older ones only count. */
  eventsPerIssue?: number;
  /** Issues held; the one seen least recently goes first. */
  maxIssues?: number;
  /** Rewrite the file as a snapshot once appends since the last rewrite pass this many bytes. */
  compactBytes?: number;
  now?: () => Date;
}

export interface ErrorStore {
  add(report: StoredReport): { eventId: string; issueId: string };
  /** Every issue, in no particular order. */
  issues(): readonly Issue[];
  issue(id: string): Issue | undefined;
  close(): void;
}

type Line =
  | { kind: 'event'; event: ErrorEvent }
  | { kind: 'issue'; issue: Record<string, unknown> }
  | { kind: 'kept'; issueId: string; event: ErrorEvent };

/**
 * The desk's error tracker: events grouped into issues by fingerprint, bounded in memory,
 * and appended to a JSONL file (no fsync: losing the last events of a crash is acceptable,
 * slowing the services' reporters is not) so a restarted desk keeps its issues and counts.
 * The file is compacted to one snapshot line per issue plus its held events.
 */
export function createErrorStore(opts: ErrorStoreOptions = {}): ErrorStore {
  const keep = opts.eventsPerIssue ?? 50;
  const maxIssues = opts.maxIssues ?? 500;
  const compactBytes = opts.compactBytes ?? 16 * 1024 * 1024;
  const now = opts.now ?? (() => new Date());
  const byFingerprint = new Map<string, Issue>();
  const byId = new Map<string, Issue>();

  const put = (issue: Issue) => {
    byFingerprint.set(issue.fingerprint, issue);
    byId.set(issue.id, issue);
    if (byId.size <= maxIssues) return;
    const stalest = [...byId.values()].reduce((a, b) => (b.lastSeen < a.lastSeen ? b : a));
    byId.delete(stalest.id);
    byFingerprint.delete(stalest.fingerprint);
  };

  const ingest = (event: ErrorEvent) => {
    const fp = fingerprintOf(event.report);
    let issue = byFingerprint.get(fp);
    if (!issue) {
      issue = newIssue(event.report);
      put(issue);
    }
    recordEvent(issue, event, keep);
    return issue;
  };

  let fd: number | undefined;
  let appended = 0;
  let floor = compactBytes;
  const { file } = opts;
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    if (existsSync(file)) replay(readFileSync(file, 'utf8'));
    fd = openSync(file, 'a');
    appended = statSync(file).size;
    // A crash mid-write leaves a torn last line; the next one starts on a line of its own.
    if (appended > 0 && readFileSync(file).at(-1) !== 0x0a) writeSync(fd, '\n');
  }

  function replay(text: string): void {
    for (const raw of text.split('\n')) {
      if (raw.trim() === '') continue;
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch {
        continue;
      }
      if (line.kind === 'event') ingest(line.event);
      else if (line.kind === 'issue') put(issueFromSnapshot(line.issue));
      else if (line.kind === 'kept') {
        const issue = byId.get(line.issueId);
        if (issue) keepEvent(issue, line.event, keep);
      }
    }
  }

  function compact(): void {
    if (!file || fd === undefined) return;
    const lines: string[] = [];
    for (const issue of byId.values()) {
      lines.push(JSON.stringify({ kind: 'issue', issue: issueSnapshot(issue) }));
      for (const event of issue.events) lines.push(JSON.stringify({ kind: 'kept', issueId: issue.id, event }));
    }
    const text = lines.length ? `${lines.join('\n')}\n` : '';
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
    closeSync(fd);
    fd = openSync(file, 'a');
    appended = Buffer.byteLength(text);
    // A snapshot near the threshold would be rewritten on every event: leave it room to grow.
    floor = Math.max(compactBytes, appended * 2);
  }

  return {
    add(report) {
      const event: ErrorEvent = { eventId: randomBytes(16).toString('hex'), receivedAt: now().toISOString(), report };
      const issue = ingest(event);
      if (fd !== undefined) {
        const line = `${JSON.stringify({ kind: 'event', event })}\n`;
        writeSync(fd, line);
        appended += Buffer.byteLength(line);
        if (appended > floor) compact();
      }
      return { eventId: event.eventId, issueId: issue.id };
    },
    issues: () => [...byId.values()],
    issue: (id) => byId.get(id),
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
