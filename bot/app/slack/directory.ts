import type { WebClient } from '@slack/web-api';

/**
 * Names for Slack ids, cached: the engine and the journal speak `#incidents` and `dan`,
 * Slack speaks C0123 and U0456. Channels the bot plays in are created or joined on demand.
 */
export interface Directory {
  channelName(id: string): Promise<string>;
  /** False for a channel of another team (its Slack name lacks this team's prefix); DMs are always ours. */
  isOurs(id: string): Promise<boolean>;
  channelId(name: string): Promise<string>;
  userName(id: string): Promise<string>;
  /** Handles of the people `<@U…>` mentions in the text name. */
  mentioned(text: string): Promise<string[]>;
  /** The channel's id, creating it (and joining it) when the workspace lacks it. */
  ensureChannel(name: string, topic?: string): Promise<string>;
  forget(): void;
}

/**
 * `channelPrefix` keeps teams apart in one real workspace (`make lab-up TEAMS=3`): the
 * engine still says `incidents`, Slack sees `team1-incidents`; channels without this
 * team's prefix keep their full Slack name, so they never read as this team's.
 */
export function createDirectory(client: WebClient, opts: { channelPrefix?: string } = {}): Directory {
  const prefix = opts.channelPrefix ?? '';
  const inSlack = (name: string) => `${prefix}${name}`;
  const inGame = (slackName: string) => (prefix !== '' && slackName.startsWith(prefix) ? slackName.slice(prefix.length) : slackName);
  const channels = new Map<string, string>();
  const foreign = new Set<string>();
  const names = new Map<string, string>();
  const users = new Map<string, string>();
  const joined = new Set<string>();

  const loadChannels = async () => {
    let cursor: string | undefined;
    do {
      const page = await client.conversations.list({ types: 'public_channel,private_channel', limit: 1000, ...(cursor ? { cursor } : {}) });
      for (const c of page.channels ?? []) {
        if (c.id && c.name) {
          channels.set(c.name, c.id);
          names.set(c.id, inGame(c.name));
          if (prefix !== '' && !c.name.startsWith(prefix)) foreign.add(c.id);
          if (c.is_member) joined.add(c.id);
        }
      }
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
  };

  const dir: Directory = {
    async channelName(id) {
      const known = names.get(id);
      if (known) return known;
      const info = await client.conversations.info({ channel: id });
      const slackName = info.channel?.name ?? id;
      const name = info.channel?.is_im ? 'dm' : inGame(slackName);
      if (!info.channel?.is_im && prefix !== '' && !slackName.startsWith(prefix)) foreign.add(id);
      names.set(id, name);
      return name;
    },
    async isOurs(id) {
      if (prefix === '') return true;
      await dir.channelName(id);
      return !foreign.has(id);
    },
    async channelId(gameName) {
      const name = inSlack(gameName);
      if (!channels.has(name)) await loadChannels();
      const id = channels.get(name);
      if (!id) throw new Error(`the workspace has no #${name} channel`);
      return id;
    },
    async userName(id) {
      const known = users.get(id);
      if (known) return known;
      const info = await client.users.info({ user: id });
      const name = info.user?.name ?? id;
      users.set(id, name);
      return name;
    },
    async mentioned(text) {
      const ids = [...text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1] ?? '');
      return Promise.all(ids.map((id) => dir.userName(id).catch(() => id)));
    },
    async ensureChannel(gameName, topic) {
      const name = inSlack(gameName);
      if (!channels.has(name)) await loadChannels();
      const known = channels.get(name);
      if (known) {
        if (!joined.has(known)) {
          await client.conversations.join({ channel: known });
          joined.add(known);
        }
        return known;
      }
      const created = await client.conversations.create({ name });
      const id = created.channel?.id;
      if (!id) throw new Error(`could not create #${name}`);
      channels.set(name, id);
      names.set(id, gameName);
      joined.add(id);
      if (topic) await client.conversations.setTopic({ channel: id, topic }).catch(() => undefined);
      return id;
    },
    forget() {
      channels.clear();
      names.clear();
      joined.clear();
    },
  };
  return dir;
}
