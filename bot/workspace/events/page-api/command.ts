import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../../../services/kit/errors.js';
import { parseInput } from '../../../../services/kit/validate.js';
import { verificationToken } from '../signing.js';
import { actor, baseUrl, visibleChannel, type PageApiDeps } from './context.js';
import { applyAppResponse } from './respond.js';

/** The slash commands bot/manifest.yaml declares; anything else is not a command here. */
export const slashCommands: readonly string[] = ['/drill'];

const commandSchema = z.object({
  channel: z.string().min(1).describe('Channel id or name the command is typed in.'),
  command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/, 'expected a slash command such as /drill'),
  text: z.string().max(4000).default(''),
}).strict();

/** A slash command typed by the person: a `slash_commands` envelope; the ack's payload is the reply. */
export async function handleCommand(deps: PageApiDeps, req: Request, res: Response): Promise<void> {
  const { store } = deps;
  const user = actor(res);
  const body = parseInput(commandSchema, req.body, 'command');
  const channel = visibleChannel(store, body.channel, user);
  if (!slashCommands.includes(body.command)) throw new AppError('unknown_command', 404, `${body.command} is not a command of this workspace (${slashCommands.join(', ')})`);
  const { app, team } = store.state;
  const target = { channel: channel.id, user: user.id };
  // Slack sends every field as a string, as the form encoding of the HTTP request would.
  const payload: Record<string, string> = {
    token: verificationToken(app.signing_secret), team_id: team.id, team_domain: team.domain,
    channel_id: channel.id, channel_name: channel.is_im ? 'directmessage' : channel.is_private ? 'privategroup' : channel.name,
    user_id: user.id, user_name: user.name, command: body.command, text: body.text, api_app_id: app.id, is_enterprise_install: 'false',
    response_url: deps.responses.mint(target, baseUrl(req)), trigger_id: store.mintTrigger(user.id),
  };
  const outcome = await deps.dispatcher.deliver({ type: 'slash_commands', payload, acceptsResponsePayload: true });
  if (!outcome.acked) {
    res.json({ ok: false, error: outcome.error });
    return;
  }
  res.json(applyAppResponse(deps, target, outcome.response));
}
