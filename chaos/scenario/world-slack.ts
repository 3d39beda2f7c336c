import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { didYouMean } from './suggest.js';
import { resolveSlackTime, slackTime } from './world-slack-time.js';

/**
 * `chaos/scenarios/<name>/world/slack.yaml` (optional): the team's Slack in the days before
 * the incident, and the few messages coworkers post while it unfolds. Past messages
 * (`-2d 09:14`) are imported into the local workspace or summed up in a catch-up message;
 * live ones (`+90s`) are posted at that offset after the injection (bot/app/game/history.ts).
 */
const handle = z.string().regex(/^[a-z][a-z0-9._-]*$/, 'expected a lowercase handle such as dan');
// The local workspace's rule for channel names (bot/workspace/admin.ts); Slack's is the same but for the dot.
const channelName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,79}$/, 'expected a Slack channel name without # such as orders');

const message = z.object({
  /** A scenario persona or a person in world/oncall.yaml. */
  user: handle,
  at: slackTime,
  /** Slack mrkdwn, as it was typed. */
  text: z.string().trim().min(1).max(40_000),
  /** Index, in this channel's list, of the thread's first message. */
  replyTo: z.number().int().min(0).optional(),
  reactions: z.array(z.object({
    name: z.string().regex(/^[a-z0-9_+-]+$/, 'expected an emoji name without colons such as eyes'),
    users: z.array(handle).min(1),
  }).strict()).optional(),
}).strict();

export const slackFileSchema = z.object({
  channels: z.array(z.object({
    name: channelName,
    topic: z.string().optional(),
    /** Oldest first. */
    messages: z.array(message).min(1),
  }).strict()).min(1),
}).strict();

export type SlackHistory = z.output<typeof slackFileSchema>;
export type SlackChannelHistory = SlackHistory['channels'][number];
export type SlackHistoryMessage = SlackChannelHistory['messages'][number];

// A listed order must hold whenever the injection happens: check it just after and just before midnight.
const REFERENCES = [new Date('2026-01-15T00:30:00Z'), new Date('2026-01-15T23:30:00Z')];
const notBefore = (a: string, b: string) => REFERENCES.every((ref) => resolveSlackTime(b, ref) >= resolveSlackTime(a, ref));

/**
 * What the schema cannot see: people who must exist in this world, channels named once,
 * messages listed oldest first, and replies that go to an earlier thread start.
 */
export function crossCheckSlack(history: SlackHistory, people: readonly string[]): string[] {
  const problems: string[] = [];
  const at = (path: string, msg: string) => problems.push(`world/slack.yaml: ${path}: ${msg}`);
  const person = (path: string, h: string) => {
    if (!people.includes(h)) at(path, `unknown person "${h}"${didYouMean(h, people)}`);
  };
  const seen = new Set<string>();
  history.channels.forEach((c, ci) => {
    if (seen.has(c.name)) at(`channels[${ci}].name`, `#${c.name} is listed twice; put its messages in one list`);
    seen.add(c.name);
    c.messages.forEach((m, mi) => {
      const p = `channels[${ci}].messages[${mi}]`;
      person(`${p}.user`, m.user);
      m.reactions?.forEach((r, ri) => r.users.forEach((u, ui) => person(`${p}.reactions[${ri}].users[${ui}]`, u)));
      const prev = c.messages[mi - 1];
      if (prev && !notBefore(prev.at, m.at)) at(`${p}.at`, `"${m.at}" is before the message above it ("${prev.at}"); list a channel's messages oldest first`);
      if (m.replyTo === undefined) return;
      const parent = c.messages[m.replyTo];
      if (m.replyTo >= mi || !parent) at(`${p}.replyTo`, `${m.replyTo} is not an earlier message of #${c.name}; a reply points to one listed above it (0 to ${mi - 1})`);
      else if (parent.replyTo !== undefined) at(`${p}.replyTo`, `messages[${m.replyTo}] is itself a reply; reply to the thread's first message, messages[${parent.replyTo}]`);
    });
  });
  return problems;
}

/**
 * The persona handles of the pack's scenario.yaml, read leniently: load.ts reports what is
 * wrong with that file, here only the names matter.
 */
export function scenarioHandles(packDir: string): string[] {
  const file = join(packDir, 'scenario.yaml');
  if (!existsSync(file)) return [];
  try {
    const data = parseYaml(readFileSync(file, 'utf8')) as { personas?: unknown } | null;
    const personas = Array.isArray(data?.personas) ? (data.personas as unknown[]) : [];
    return personas.flatMap((p) => (typeof p === 'object' && p !== null && typeof (p as { handle?: unknown }).handle === 'string' ? [(p as { handle: string }).handle] : []));
  } catch {
    return [];
  }
}
