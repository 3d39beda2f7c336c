import type { z } from 'zod';
import { liveOffsetMs, resolveSlackTime } from '../../../chaos/scenario/world-slack-time.js';
import type { SlackHistory } from '../../../chaos/scenario/world-slack.js';
import type { importSchema } from '../../workspace/admin.js';

/** One channel's past, as the local workspace's `POST /admin/import` takes it. */
export type ImportBody = z.input<typeof importSchema>;

/**
 * The thread a live message replies to: `past` is an index into its channel's import body
 * (so into that import's `ts` answer, or none in a real workspace), `live` an index into
 * the plan's `live` list (the ts its post returned).
 */
export type LiveParent = { kind: 'past'; index: number } | { kind: 'live'; index: number };

/** A message a coworker posts while the incident unfolds, at `at`. */
export interface LiveMessage {
  channel: string;
  user: string;
  text: string;
  at: Date;
  /** How long after the injection. */
  offsetMs: number;
  replyTo?: LiveParent;
  reactions?: Array<{ name: string; users: string[] }>;
}

export interface HistoryPlan {
  /** One per channel that has past messages, with absolute ISO times before the injection. */
  imports: ImportBody[];
  /** Every live message of every channel, soonest first. */
  live: LiveMessage[];
}

export interface Person {
  handle: string;
  name: string;
}

type Placed = { kind: 'past'; index: number } | { kind: 'live'; message: LiveMessage };

/**
 * Turns a pack's world/slack.yaml into what the lab does with it once the scenario is
 * injected at `injectedAt`: past messages become import bodies for the local workspace,
 * live ones a schedule. `people` (world/oncall.yaml's, or the personas) give the workspace
 * real names for users it has to create.
 */
export function planHistory(history: SlackHistory, injectedAt: Date, people: readonly Person[] = []): HistoryPlan {
  const realName = new Map(people.map((p) => [p.handle, p.name]));
  const imports: ImportBody[] = [];
  const live: LiveMessage[] = [];
  const parents = new Map<LiveMessage, Placed>();
  for (const channel of history.channels) {
    const past: ImportBody['messages'] = [];
    const placed: Placed[] = [];
    let last = -Infinity;
    for (const m of channel.messages) {
      const offsetMs = liveOffsetMs(m.at);
      const parent = m.replyTo === undefined ? undefined : placed[m.replyTo];
      const reactions = m.reactions?.map((r) => ({ name: r.name, users: [...r.users] }));
      if (offsetMs === undefined) {
        // The validator keeps the listed order for any injection time but around midnight; the list wins.
        last = Math.max(last, resolveSlackTime(m.at, injectedAt).getTime());
        const name = realName.get(m.user);
        past.push({
          user: m.user, text: m.text, at: new Date(last).toISOString(),
          ...(name ? { realName: name } : {}),
          ...(parent?.kind === 'past' ? { replyTo: parent.index } : {}),
          ...(reactions ? { reactions } : {}),
        });
        placed.push({ kind: 'past', index: past.length - 1 });
        continue;
      }
      const message: LiveMessage = { channel: channel.name, user: m.user, text: m.text, at: new Date(injectedAt.getTime() + offsetMs), offsetMs, ...(reactions ? { reactions } : {}) };
      if (parent) parents.set(message, parent);
      live.push(message);
      placed.push({ kind: 'live', message });
    }
    if (past.length > 0) imports.push({ channel: channel.name, ...(channel.topic ? { topic: channel.topic } : {}), messages: past });
  }
  // Stable: messages at the same offset keep the file's order.
  live.sort((a, b) => a.offsetMs - b.offsetMs);
  for (const message of live) {
    const parent = parents.get(message);
    if (parent?.kind === 'past') message.replyTo = { kind: 'past', index: parent.index };
    if (parent?.kind === 'live') message.replyTo = { kind: 'live', index: live.indexOf(parent.message) };
  }
  return { imports, live };
}
