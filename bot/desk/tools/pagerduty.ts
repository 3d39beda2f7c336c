import { z } from 'zod';
import { incidentStatuses, type IncidentSummary, type TimelineEntry } from '../../../lab/pager/model.js';
import { ToolError, unknownObject, upstreamError } from '../registry/errors.js';
import { defineTool, type Tool } from '../registry/tool.js';
import type { DeskSources } from '../sources.js';
import { actorOf } from './actor.js';

const TIMEOUT_MS = 5000;
const TIMELINE_CAP = 100;

// The pager's own id rule, so a malformed id is the caller's mistake (400) before any request.
const incidentId = z.string().regex(/^P\d{6}$/, 'expected an incident id such as P100001').describe('Pager incident id, e.g. P100001 (from pagerduty_list_incidents).');

interface PagerErrorBody {
  error?: { code?: string; message?: string };
}

/** One call to the pager's HTTP API; a pager that does not answer is upstream_unavailable. */
async function pagerRequest<T>(base: string, path: string, body?: Record<string, unknown>): Promise<{ status: number; body: T & PagerErrorBody }> {
  let res: Response;
  try {
    res = await fetch(new URL(path, base.endsWith('/') ? base : `${base}/`), {
      method: body ? 'POST' : 'GET',
      headers: body ? { 'content-type': 'application/json' } : {},
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw upstreamError(`pager at ${base}`, err);
  }
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as T & PagerErrorBody };
  } catch (err) {
    throw upstreamError(`pager at ${base}`, new Error(`HTTP ${res.status} with a body that is not JSON: ${text.slice(0, 200)}`, { cause: err }));
  }
}

export function createPagerTools(sources: Pick<DeskSources, 'pagerUrl'>): Tool[] {
  const base = sources.pagerUrl;

  async function listIncidents(status?: string): Promise<IncidentSummary[]> {
    const res = await pagerRequest<{ incidents: IncidentSummary[] }>(base, `incidents${status ? `?status=${status}` : ''}`);
    if (res.status !== 200) throw failure(res.status, res.body);
    return res.body.incidents;
  }

  /** The pager's refusal as a tool error; its 404 becomes unknown_incident with the ids that exist. */
  async function refusal(id: string, status: number, body: PagerErrorBody): Promise<ToolError> {
    if (status === 404) return unknownObject('incidentId', 'incident', id, (await listIncidents()).map((i) => i.id));
    return failure(status, body);
  }

  async function incidentCall<T>(id: string, path: string, body?: Record<string, unknown>): Promise<T> {
    const res = await pagerRequest<T>(base, `incidents/${id}${path}`, body);
    if (res.status !== 200) throw await refusal(id, res.status, res.body);
    return res.body;
  }

  return [
    defineTool({
      name: 'pagerduty_list_incidents', family: 'pagerduty', kind: 'read',
      description: 'Pager incidents, newest first: id, title, status, severity, service, assignee, created/acknowledged/resolved times. Start here to find the incident id.',
      args: z.object({
        status: z.enum(incidentStatuses).optional().describe('Only incidents in this status; all when omitted.'),
        limit: z.number().int().min(1).max(100).default(20).describe('At most this many incidents (default 20).'),
      }).strict(),
      run: async (args) => {
        const all = await listIncidents(args.status);
        return { total: all.length, incidents: all.slice(0, args.limit) };
      },
    }),
    defineTool({
      name: 'pagerduty_get_timeline', family: 'pagerduty', kind: 'read',
      description: 'One incident and its timeline (triggered, notified, escalated, acknowledged, resolved — when and by whom), oldest first.',
      args: z.object({ incidentId }).strict(),
      run: async (args) => {
        const [{ incident }, { timeline }] = await Promise.all([
          incidentCall<{ incident: IncidentSummary }>(args.incidentId, ''),
          incidentCall<{ timeline: TimelineEntry[] }>(args.incidentId, '/timeline'),
        ]);
        // Repeat notifications can make a long timeline; the first entry (triggered) and the latest matter most.
        if (timeline.length <= TIMELINE_CAP) return { incident, timeline };
        return { incident, timeline: [...timeline.slice(0, 1), ...timeline.slice(-(TIMELINE_CAP - 1))], omitted: timeline.length - TIMELINE_CAP };
      },
    }),
    defineTool({
      name: 'pagerduty_acknowledge', family: 'pagerduty', kind: 'remediation',
      description: 'Acknowledge an incident as you (stops escalation to the next on-call). Fails with incident_resolved on a resolved one.',
      args: z.object({ incidentId }).strict(),
      run: async (args, ctx) => {
        return incidentCall<{ incident: IncidentSummary }>(args.incidentId, '/acknowledge', { by: actorOf(ctx.caller).handle });
      },
    }),
    defineTool({
      name: 'pagerduty_resolve', family: 'pagerduty', kind: 'remediation',
      description: 'Resolve an incident as you, with an optional note for its timeline. Resolve only once the service has recovered.',
      args: z.object({
        incidentId,
        note: z.string().trim().min(1).max(2000).optional().describe('What fixed it, shown in the incident timeline.'),
      }).strict(),
      run: async (args, ctx) => {
        return incidentCall<{ incident: IncidentSummary }>(args.incidentId, '/resolve', { by: actorOf(ctx.caller).handle, ...(args.note ? { note: args.note } : {}) });
      },
    }),
  ];
}

/** Any other refusal keeps the pager's own code (incident_resolved, ...) so an agent can branch on it. */
function failure(status: number, body: PagerErrorBody): ToolError {
  const code = body.error?.code ?? 'pager_error';
  const message = `pager: ${body.error?.message ?? `HTTP ${status}`}`;
  return status >= 500 ? new ToolError('upstream_unavailable', 502, message) : new ToolError(code, status, message);
}
