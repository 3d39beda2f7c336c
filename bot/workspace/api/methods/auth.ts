import { method } from '../method.js';

export const authTest = method({
  name: 'auth.test', tokens: ['bot', 'user'], scopes: [],
  handle: (ctx) => ({
    url: `${ctx.baseUrl}/`,
    team: ctx.store.state.team.name,
    team_id: ctx.store.state.team.id,
    user: ctx.actor?.name,
    user_id: ctx.actor?.id,
    ...(ctx.token.kind === 'bot' ? { bot_id: ctx.store.state.app.bot_id, app_id: ctx.store.state.app.id } : {}),
    is_enterprise_install: false,
  }),
});
