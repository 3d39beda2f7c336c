import { isLive, resolveSlackTime } from '../../../chaos/scenario/world-slack-time.js';
import type { SlackChannelHistory, SlackHistory } from '../../../chaos/scenario/world-slack.js';

const DAY_MS = 86_400_000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const utcDay = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());

/** `Tue 09:14 UTC`; a week or more back the weekday alone would be ambiguous, so `Tue 3 Mar 09:14 UTC`. */
export function catchUpTime(at: Date, injectedAt: Date): string {
  const hhmm = `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
  const weekday = WEEKDAYS[at.getUTCDay()] ?? '';
  const date = (utcDay(injectedAt) - utcDay(at)) / DAY_MS >= 7 ? ` ${at.getUTCDate()} ${MONTHS[at.getUTCMonth()] ?? ''}` : '';
  return `${weekday}${date} ${hhmm} UTC`;
}

/**
 * For a real Slack workspace, where history cannot be backdated: one message that tells
 * what was said in a channel before the injection, labelled as a catch-up, with the
 * original times and threads indented under their first message. Undefined when the
 * channel has only live messages.
 */
export function catchUpText(channel: SlackChannelHistory, injectedAt: Date): string | undefined {
  const past = channel.messages.map((m, index) => ({ ...m, index })).filter((m) => !isLive(m.at));
  if (past.length === 0) return undefined;
  const line = (m: (typeof past)[number], bullet: string) => {
    const reactions = m.reactions?.length ? ` _(${m.reactions.map((r) => `:${r.name}: ${r.users.join(', ')}`).join('; ')})_` : '';
    const text = m.text.replace(/\n/g, `\n${' '.repeat(bullet.length)}`);
    return `${bullet}${catchUpTime(resolveSlackTime(m.at, injectedAt), injectedAt)} — ${m.user}: ${text}${reactions}`;
  };
  const lines = past.filter((m) => m.replyTo === undefined).flatMap((root) => [
    line(root, '• '),
    ...past.filter((m) => m.replyTo === root.index).map((m) => line(m, '      ↳ ')),
  ]);
  return [`*Catch-up — what happened in #${channel.name} over the past days (original times shown)*`, ...lines].join('\n');
}

/** A catch-up message for every channel of the history that has a past. */
export function catchUpMessages(history: SlackHistory, injectedAt: Date): Array<{ channel: string; text: string }> {
  return history.channels.flatMap((c) => {
    const text = catchUpText(c, injectedAt);
    return text === undefined ? [] : [{ channel: c.name, text }];
  });
}
