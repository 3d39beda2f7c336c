import { z } from 'zod';
import { defineTool, type Tool } from '../registry/tool.js';
import type { DeskSources } from '../sources.js';
import { actorOf } from './actor.js';
import { componentStatuses, createStatuspageStore, statuspageComponents } from './statuspage-store.js';

export function createStatuspageTools(sources: Pick<DeskSources, 'stateDir'>): Tool[] {
  const store = createStatuspageStore(sources.stateDir);
  return [
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
