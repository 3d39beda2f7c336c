import { z } from 'zod';
import { defineTool, type Tool } from '../registry/tool.js';
import type { DeskSources } from '../sources.js';
import { actorOf } from './actor.js';
import { capped, limitArg } from './bounded.js';
import { componentStatuses, createStatuspageStore, statuspageComponents, type ComponentStatus, type StatuspageState } from './statuspage-store.js';

/** Statuspage's page indicator: the worst component status decides it. */
const INDICATOR: Record<ComponentStatus, { indicator: string; description: string }> = {
  operational: { indicator: 'none', description: 'All Systems Operational' },
  degraded_performance: { indicator: 'minor', description: 'Degraded Performance' },
  partial_outage: { indicator: 'major', description: 'Partial System Outage' },
  major_outage: { indicator: 'critical', description: 'Major System Outage' },
};

function incidentsOf(state: StatuspageState) {
  return [...state.incidents].reverse().map((i) => ({
    ...i, status: i.resolvedAt === null ? 'open' : 'resolved',
    updates: state.updates.filter((u) => u.incidentId === i.id).map(({ incidentId: _id, ...u }) => u),
  }));
}

export function createStatuspageTools(sources: Pick<DeskSources, 'stateDir'>): Tool[] {
  const store = createStatuspageStore(sources.stateDir);
  return [
    defineTool({
      name: 'statuspage_get_status', family: 'statuspage', kind: 'read',
      description: 'What customers see on the status page now: the overall indicator, each component\'s status and the open status-page incidents with their latest update.',
      args: z.object({}).strict(),
      run: async () => {
        const state = store.read();
        const worst = componentStatuses.findLast((s) => Object.values(state.components).some((c) => c.status === s)) ?? 'operational';
        const open = incidentsOf(state).filter((i) => i.status === 'open');
        return {
          ...INDICATOR[worst],
          components: Object.entries(state.components).map(([name, c]) => ({ name, status: c.status, updatedAt: c.updatedAt })),
          openIncidents: open.map(({ updates, ...i }) => ({ ...i, lastUpdate: updates.at(-1) ?? null })),
        };
      },
    }),
    defineTool({
      name: 'statuspage_list_incidents', family: 'statuspage', kind: 'read',
      description: 'Status-page incidents, newest first, each with its component, open/resolved times and every customer-facing update posted to it.',
      args: z.object({
        status: z.enum(['open', 'resolved']).optional().describe('Only open or only resolved incidents; all when omitted.'),
        limit: limitArg(50, 20, 'incidents'),
      }).strict(),
      run: async (args) => {
        const all = incidentsOf(store.read()).filter((i) => args.status === undefined || i.status === args.status);
        const page = capped(all, args.limit);
        return { total: page.total, truncated: page.truncated, incidents: page.items };
      },
    }),
    defineTool({
      name: 'statuspage_update', family: 'statuspage', kind: 'remediation',
      description: 'Post a customer-facing status update for a component; a non-operational status opens a status-page incident, operational resolves it.',
      args: z.object({
        status: z.enum(componentStatuses).describe('The component status customers will see.'),
        message: z.string().trim().min(1).max(2000).describe('What customers read: impact and what is being done, no internals.'),
        component: z.enum(statuspageComponents).default('storefront').describe('Which component (default storefront).'),
      }).strict(),
      run: async (args, ctx) => {
        const { update, incident } = store.update({ component: args.component, status: args.status, message: args.message, by: actorOf(ctx.caller).handle, at: ctx.now() });
        const components = Object.fromEntries(Object.entries(store.read().components).map(([name, c]) => [name, c.status]));
        return { update, incident, components };
      },
    }),
  ];
}
