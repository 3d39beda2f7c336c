import { z } from 'zod';
import type { Runtime } from '../../../lab/runtime/runtime.js';
import { ToolError } from '../registry/errors.js';
import { defineTool, type Tool } from '../registry/tool.js';
import type { DeskSources } from '../sources.js';
import { newestLines, newestWithin } from './line-budget.js';
import { onRuntime } from './runtime-errors.js';
import { resolveWhen, when } from './when.js';

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
type Level = keyof typeof LEVELS;
const level = z.enum(Object.keys(LEVELS) as [Level, ...Level[]]).describe('Only lines at this level or above (JSON logs), e.g. warn');

/** A line's pino level and time when it is JSON; plain-text lines (redis, prometheus) have neither. */
function fieldsOf(line: string): { level?: number; time?: number } {
  const lvl = /"level":(\d+)/.exec(line)?.[1];
  const time = /"time":"([^"]+)"/.exec(line)?.[1];
  return { ...(lvl ? { level: Number(lvl) } : {}), ...(time ? { time: Date.parse(time) } : {}) };
}

function keep(line: string, opts: { min?: Level | undefined; until?: number | undefined; matcher?: ((l: string) => boolean) | undefined }): boolean {
  const f = fieldsOf(line);
  if (opts.min && (f.level === undefined || f.level < LEVELS[opts.min])) return false;
  if (opts.until !== undefined && f.time !== undefined && f.time > opts.until) return false;
  return opts.matcher ? opts.matcher(line) : true;
}

/** `/regex/` or plain words (every word must appear, any case). */
function matcherFor(query: string): (line: string) => boolean {
  const re = /^\/(.+)\/([a-z]*)$/.exec(query);
  if (re) {
    const source = re[1] ?? '';
    // Matching runs on the desk's event loop and cannot be interrupted: a pattern that can
    // backtrack exponentially (a repeated group that itself repeats, or a back-reference) would
    // freeze every caller, so it is refused.
    if (source.length > 300 || /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]/.test(source) || /\\[1-9]/.test(source)) {
      throw new ToolError('unsafe_regex', 400, 'query: the regular expression may backtrack without end (a repeated group that repeats, a back-reference, or over 300 characters); use words, or a simpler /regex/', { field: 'query' });
    }
    try {
      const pattern = new RegExp(source, re[2]?.includes('i') ? 'i' : '');
      return (l) => pattern.test(l);
    } catch (err) {
      throw new ToolError('invalid_arguments', 400, `query: not a valid regular expression: ${(err as Error).message}`, { field: 'query' });
    }
  }
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return (l) => {
    const lower = l.toLowerCase();
    return words.every((w) => lower.includes(w));
  };
}

async function services(runtime: Runtime): Promise<string[]> {
  return (await onRuntime(runtime, 'service', '', () => runtime.listPods())).map((p) => p.deployable);
}

export function createLogTools(sources: Pick<DeskSources, 'runtime'>): Tool[] {
  const { runtime } = sources;
  return [
    defineTool({
      name: 'logs_list_services',
      family: 'logs',
      kind: 'read',
      description: 'List the services whose logs can be read, with their current pod and status.',
      args: z.object({}).strict(),
      async run() {
        const pods = await onRuntime(runtime, 'service', '', () => runtime.listPods());
        return { services: pods.map((p) => ({ service: p.deployable, pod: p.name, status: p.status, startedAt: p.startedAt })) };
      },
    }),
    defineTool({
      name: 'logs_get_service_logs',
      family: 'logs',
      kind: 'read',
      description: 'Read one service\'s recent log lines (newest last), optionally since a time and at or above a level.',
      args: z.object({
        service: z.string().trim().min(1).describe('Service name, e.g. fulfillment (logs_list_services lists them)'),
        tail: z.number().int().min(1).max(2000).default(100).describe('How many of the newest matching lines (default 100)'),
        since: when.optional().describe('Only lines logged at or after this: ISO time or a duration ago such as 15m'),
        level: level.optional(),
      }).strict(),
      async run(args, ctx) {
        const since = args.since ? resolveWhen(args.since, ctx.now()) : undefined;
        const lines = await onRuntime(runtime, 'service', args.service, () => runtime.logs(args.service, since === undefined ? {} : { since }));
        const kept = lines.filter((l) => keep(l, { min: args.level }));
        return { service: args.service, matched: kept.length, ...newestLines(kept.slice(-args.tail)) };
      },
    }),
    defineTool({
      name: 'logs_search',
      family: 'logs',
      kind: 'read',
      description: 'Search every service\'s logs for words (all must appear, any case) or a /regex/, within a time window; newest matches last.',
      args: z.object({
        query: z.string().trim().min(1).describe('Words that must all appear, e.g. "pool exhausted", or a /regular expression/'),
        services: z.array(z.string().trim().min(1)).min(1).optional().describe('Only these services (default: all)'),
        since: when.default('1h').describe('Window start: ISO time or a duration ago (default 1h)'),
        until: when.optional().describe('Window end (default now)'),
        level: level.optional(),
        limit: z.number().int().min(1).max(500).default(100).describe('At most this many matches, the newest (default 100)'),
      }).strict(),
      async run(args, ctx) {
        const now = ctx.now();
        const matcher = matcherFor(args.query);
        const known = await services(runtime);
        for (const s of args.services ?? []) {
          if (!known.includes(s)) throw new ToolError('unknown_service', 404, `services: no service "${s}"; valid: ${known.join(', ')}`, { field: 'services', valid: known });
        }
        const since = resolveWhen(args.since, now);
        const until = args.until ? resolveWhen(args.until, now) : undefined;
        const matches: Array<{ service: string; line: string }> = [];
        const counts: Record<string, number> = {};
        for (const service of args.services ?? known) {
          const lines = await onRuntime(runtime, 'services', service, () => runtime.logs(service, { since }));
          const hits = lines.filter((l) => keep(l, { min: args.level, until, matcher }));
          if (hits.length > 0) counts[service] = hits.length;
          matches.push(...hits.map((line) => ({ service, line })));
        }
        const total = matches.length;
        // Ordered by the time each line carries, so the newest across services come last.
        const timeOf = (l: string) => fieldsOf(l).time ?? 0;
        matches.sort((a, b) => timeOf(a.line) - timeOf(b.line));
        const shown = newestWithin(matches.slice(-args.limit), (m) => m.line, (m, line) => ({ ...m, line }));
        return { query: args.query, total, byService: counts, matches: shown.items, ...(shown.truncated ? { truncated: shown.truncated } : {}) };
      },
    }),
  ];
}
