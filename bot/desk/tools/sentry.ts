import { z } from 'zod';
import { deployables } from '../../../lab/deployables.js';
import type { ErrorStore } from '../errors/error-store.js';
import { countSince, MAX_TRACKED_REQUESTS, type ErrorEvent, type Issue } from '../errors/issue.js';
import { unknownObject } from '../registry/errors.js';
import { defineTool, type Tool } from '../registry/tool.js';
import { resolveWhen, when } from './when.js';

const RECENT_EVENTS = 20;
const TAG_KEYS = ['route', 'method', 'status'] as const;

/** Every deployable that reports errors: all of the lab's but the desk, which receives them. */
function reportingDeployables(): string[] {
  return deployables.map((d) => d.name).filter((n) => n !== 'desk');
}

const newestFirst = (a: Issue, b: Issue) => (a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : 0);

function tagsOf(e: ErrorEvent): Record<string, string> {
  const r = e.report;
  const tags: Record<string, string> = { service: r.service, release: r.release, level: r.level };
  if (r.code) tags.code = r.code;
  for (const key of TAG_KEYS) {
    const v = r.context[key];
    if (typeof v === 'string' || typeof v === 'number') tags[key] = String(v);
  }
  return tags;
}

/** Where it happened, as Sentry names it: the request's route, else the top stack frame. */
function culpritOf(issue: Issue): string {
  const latest = issue.events.at(-1);
  const { route, method } = latest?.report.context ?? {};
  if (typeof route === 'string' && route !== 'unmatched') return typeof method === 'string' ? `${method} ${route}` : route;
  return issue.frame ?? issue.service;
}

function row(issue: Issue, sinceMs: number | undefined) {
  return {
    id: issue.id,
    title: issue.title,
    culprit: culpritOf(issue),
    project: issue.service,
    type: issue.type,
    code: issue.code,
    level: issue.level,
    count: issue.count,
    ...(sinceMs === undefined ? {} : { countInWindow: countSince(issue, sinceMs) }),
    requestsAffected: issue.requests.size,
    ...(issue.requests.size >= MAX_TRACKED_REQUESTS ? { requestsAffectedIsFloor: true } : {}),
    firstSeen: issue.firstSeen,
    lastSeen: issue.lastSeen,
    releases: [...issue.releases].map(([release, count]) => ({ release, count })),
  };
}

/** How often each value of a tag appears among the held events, most common first. */
function tagCounts(events: readonly ErrorEvent[]): Record<string, Array<{ value: string; count: number }>> {
  const counts = new Map<string, Map<string, number>>();
  for (const e of events) {
    for (const [k, v] of Object.entries(tagsOf(e))) {
      const values = counts.get(k) ?? new Map<string, number>();
      values.set(v, (values.get(v) ?? 0) + 1);
      counts.set(k, values);
    }
  }
  return Object.fromEntries([...counts].map(([k, values]) => [k, [...values].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count)]));
}

function matches(issue: Issue, words: readonly string[]): boolean {
  const text = [issue.id, issue.title, issue.pattern, issue.type, issue.code ?? '', culpritOf(issue), issue.frame ?? ''].join('\n').toLowerCase();
  return words.every((w) => text.includes(w));
}

/** The error tracker's tools, Sentry style, over the reports the services sent the desk. */
export function createSentryTools(errors: ErrorStore): Tool[] {
  const projects = () => {
    const seen = new Set(errors.issues().map((i) => i.service));
    return [...new Set([...reportingDeployables(), ...[...seen].sort()])];
  };
  const project = z.string().trim().min(1).describe('A project: the service that reported, e.g. orders (sentry_list_projects lists them)');

  return [
    defineTool({
      name: 'sentry_list_projects',
      family: 'sentry',
      kind: 'read',
      description: 'The error tracker\'s projects, one per service that reports exceptions, with how many issues and events each has and when the last arrived.',
      args: z.object({}).strict(),
      async run() {
        const issues = errors.issues();
        return {
          projects: projects().map((slug) => {
            const own = issues.filter((i) => i.service === slug);
            const lastEvent = own.map((i) => i.lastSeen).sort().at(-1);
            return { slug, platform: 'node', issues: own.length, events: own.reduce((n, i) => n + i.count, 0), ...(lastEvent ? { lastEvent } : {}) };
          }),
        };
      },
    }),
    defineTool({
      name: 'sentry_list_issues',
      family: 'sentry',
      kind: 'read',
      description: 'Issues (exceptions grouped by fingerprint: service, type, code, message without ids, top frame), most recently seen first: id, title, culprit, count, requests affected, first/last seen, releases, level.',
      args: z.object({
        project: project.optional(),
        level: z.enum(['error', 'fatal']).optional().describe('Only issues at this level'),
        query: z.string().trim().min(1).max(200).optional().describe('Words that must all appear in the issue\'s title, type, code or culprit, any case, e.g. "timeout partners"'),
        since: when.optional().describe('Only issues seen at or after this (ISO time or a duration ago such as 30m); adds countInWindow, the events since then'),
        sort: z.enum(['last_seen', 'first_seen', 'count']).default('last_seen').describe('Order: last_seen (default), first_seen (newest first), count (most events first; in the window when since is given)'),
        limit: z.number().int().min(1).max(100).default(25).describe('At most this many issues (default 25)'),
      }).strict(),
      async run(args, ctx) {
        if (args.project && !projects().includes(args.project)) throw unknownObject('project', 'project', args.project, projects());
        const sinceMs = args.since ? resolveWhen(args.since, ctx.now()) : undefined;
        const words = (args.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
        const kept = errors.issues().filter((i) =>
          (!args.project || i.service === args.project)
          && (!args.level || i.level === args.level)
          && (sinceMs === undefined || Date.parse(i.lastSeen) >= sinceMs)
          && matches(i, words));
        const countOf = (i: Issue) => (sinceMs === undefined ? i.count : countSince(i, sinceMs));
        if (args.sort === 'count') kept.sort((a, b) => countOf(b) - countOf(a) || newestFirst(a, b));
        else if (args.sort === 'first_seen') kept.sort((a, b) => (a.firstSeen < b.firstSeen ? 1 : a.firstSeen > b.firstSeen ? -1 : 0));
        else kept.sort(newestFirst);
        return { total: kept.length, truncated: kept.length > args.limit, issues: kept.slice(0, args.limit).map((i) => row(i, sinceMs)) };
      },
    }),
    defineTool({
      name: 'sentry_get_issue',
      family: 'sentry',
      kind: 'read',
      description: 'One issue: its latest event in full (message, stack, tags service/release/route/status/code, trace id for datadog_get_trace, context), tag breakdowns and the most recent events.',
      args: z.object({
        issueId: z.string().trim().min(1).max(100).describe('Issue id such as ORDERS-3F9A2C (from sentry_list_issues)'),
      }).strict(),
      async run(args) {
        const issue = errors.issue(args.issueId.toUpperCase());
        if (!issue) throw unknownObject('issueId', 'issue', args.issueId, [...errors.issues()].sort(newestFirst).map((i) => i.id));
        const held = [...issue.events].reverse();
        const latest = held[0];
        return {
          issue: { ...row(issue, undefined), topFrame: issue.frame, pattern: issue.pattern },
          ...(latest ? {
            latestEvent: {
              eventId: latest.eventId,
              timestamp: latest.report.timestamp,
              receivedAt: latest.receivedAt,
              type: latest.report.type,
              message: latest.report.message,
              traceId: latest.report.traceId,
              tags: tagsOf(latest),
              context: latest.report.context,
              stack: latest.report.stack,
            },
          } : {}),
          tags: tagCounts(held),
          recentEvents: held.slice(0, RECENT_EVENTS).map((e) => ({
            eventId: e.eventId, timestamp: e.report.timestamp, message: e.report.message, traceId: e.report.traceId, tags: tagsOf(e),
          })),
          eventsHeld: held.length,
          truncated: held.length > RECENT_EVENTS || issue.count > held.length,
        };
      },
    }),
  ];
}
