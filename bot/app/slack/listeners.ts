import type { Logger } from 'pino';
import type { App, types } from '@slack/bolt';
import type { SeenMessage } from '../conversation.js';
import { REPORT_CALLBACK, type ReportValues } from '../report-form.js';
import type { Directory } from './directory.js';

export interface DrillReply {
  text: string;
  blocks: types.KnownBlock[];
  ephemeral: boolean;
}

export interface ListenerDeps {
  directory: Directory;
  /** The bot's own user id: its mention means "whoever can help". */
  botUserId: string;
  personaHandles(): string[];
  onMessage(m: SeenMessage): Promise<void>;
  onDrill(input: { text: string; userId: string; userName: string; channelId: string }): Promise<DrillReply>;
  /** `/drill report`: the modal to open. */
  reportView(channelId: string): types.ModalView;
  /** The modal submitted: field errors to show, or undefined once accepted (the report is then built in the background). */
  onReport(input: { values: ReportValues; userId: string; userName: string; channelId: string }): Promise<Record<string, string> | undefined>;
  /** `/drill report thread`, or the modal could not open: the same questions, asked in a thread. */
  onReportThread(who: { userId: string; userName: string; channelId: string }): Promise<void>;
  log: Logger;
  /** Messages older than this are history (an import, a redelivery after a restart), not conversation. */
  maxAgeMs?: number;
}

/**
 * Bolt listeners, transport only: turn Slack events into SeenMessage / drill input and
 * hand them on. A message arrives as `message` and, when it mentions the bot, also as
 * `app_mention`; Socket Mode may redeliver; both are answered once.
 */
export function listen(app: App, deps: ListenerDeps): void {
  const seen = new Set<string>();
  const firstTime = (key: string) => {
    if (seen.has(key)) return false;
    seen.add(key);
    if (seen.size > 5000) seen.delete(seen.values().next().value ?? '');
    return true;
  };
  const maxAge = deps.maxAgeMs ?? 120_000;

  const take = async (ev: { channel: string; user?: string; text?: string; ts: string; thread_ts?: string; bot_id?: string; subtype?: string }) => {
    // Replies the bot posted (as any persona) come back as events too: never answer them, or personas would talk forever.
    if (ev.subtype !== undefined || ev.bot_id !== undefined || !ev.user || ev.user === deps.botUserId) return;
    if (Date.now() - Number(ev.ts) * 1000 > maxAge) return;
    if (!firstTime(`${ev.channel}:${ev.ts}`)) return;
    // Teams sharing a workspace: another team's channels are not this game's.
    if (!(await deps.directory.isOurs(ev.channel))) return;
    const text = ev.text ?? '';
    const handles = deps.personaHandles();
    const mentionedIds = [...text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((x) => x[1] ?? '');
    const mentioned = (await Promise.all(mentionedIds.map(async (id) => (id === deps.botUserId ? 'firedrill' : deps.directory.userName(id).catch(() => '')))))
      .filter((h) => h === 'firedrill' || handles.includes(h));
    const readable = text.replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, (_all, id: string) => `@${id === deps.botUserId ? 'firedrill' : id}`);
    await deps.onMessage({
      channelId: ev.channel, channel: await deps.directory.channelName(ev.channel), userId: ev.user, userName: await deps.directory.userName(ev.user),
      text: await resolveMentions(readable, deps.directory), ts: ev.ts, threadTs: ev.thread_ts, mentioned,
    });
  };

  app.message(async ({ message }) => {
    await take(message as Parameters<typeof take>[0]).catch((err: unknown) => deps.log.error({ err }, 'message handling failed'));
  });
  app.event('app_mention', async ({ event }) => {
    await take({ ...event, subtype: undefined } as Parameters<typeof take>[0]).catch((err: unknown) => deps.log.error({ err }, 'mention handling failed'));
  });

  app.command('/drill', async ({ ack, command, respond, client }) => {
    // Slack wants the ack within 3 s; desk tools may take longer, so the answer follows via response_url.
    await ack();
    const report = /^\s*report(\s+thread)?\s*$/i.exec(command.text ?? '');
    if (report) {
      const who = { userId: command.user_id, userName: command.user_name, channelId: command.channel_id };
      const inThread = async (why: string) => {
        await respond({ response_type: 'ephemeral', text: `${why}: the report's questions follow in a thread in this channel.` });
        await deps.onReportThread(who);
      };
      try {
        if (report[1]) await inThread('As asked');
        else {
          const opened = await client.views.open({ trigger_id: command.trigger_id, view: deps.reportView(command.channel_id) }).then(() => undefined, (err: unknown) => err as Error);
          if (opened) await inThread(`The report form could not open here (${opened.message})`);
        }
      } catch (err) {
        deps.log.error({ err }, '/drill report failed');
        await respond({ response_type: 'ephemeral', text: `/drill report failed: ${(err as Error).message}; an agent can submit with incident_submit_report over MCP.` });
      }
      return;
    }
    let answer: DrillReply;
    try {
      answer = await deps.onDrill({ text: command.text ?? '', userId: command.user_id, userName: command.user_name, channelId: command.channel_id });
    } catch (err) {
      deps.log.error({ err }, '/drill failed');
      answer = { text: `/drill failed: ${(err as Error).message}`, blocks: [], ephemeral: true };
    }
    await respond({ response_type: answer.ephemeral ? 'ephemeral' : 'in_channel', text: answer.text, ...(answer.blocks.length > 0 ? { blocks: answer.blocks } : {}) });
  });
  listenForReports(app, deps, REPORT_CALLBACK);
}

/** The report modal's submission: field errors go back with the ack (Slack shows them), else it is accepted. */
export function listenForReports(app: App, deps: Pick<ListenerDeps, 'onReport' | 'log'>, callbackId: string): void {
  app.view(callbackId, async ({ ack, view, body }) => {
    const errors = await deps.onReport({ values: view.state.values as ReportValues, userId: body.user.id, userName: body.user.name ?? body.user.id, channelId: view.private_metadata });
    if (errors) await ack({ response_action: 'errors', errors });
    else await ack();
  });
  app.view({ type: 'view_closed', callback_id: callbackId }, async ({ ack }) => {
    await ack();
  });
}

/** `@U0456` left by Slack mentions becomes `@dan`, so the engine reads names. */
async function resolveMentions(text: string, directory: Directory): Promise<string> {
  const ids = [...new Set([...text.matchAll(/@([UW][A-Z0-9]{6,})/g)].map((m) => m[1] ?? ''))];
  let out = text;
  for (const id of ids) out = out.replaceAll(`@${id}`, `@${await directory.userName(id).catch(() => id)}`);
  return out;
}
