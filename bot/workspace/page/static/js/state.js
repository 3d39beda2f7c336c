// @ts-check
/**
 * @typedef {import('./types.js').Message} Message
 * @typedef {import('./types.js').Channel} Channel
 * @typedef {import('./types.js').User} User
 * @typedef {{ messages: Message[], loaded: boolean, hasMore: boolean, cursor: string, error: string }} Timeline
 */

/** @param {Message[]} list @param {Message} message kept sorted by ts; a known ts is replaced */
function upsert(list, message) {
  const i = list.findIndex((m) => m.ts === message.ts);
  if (i >= 0) {
    list[i] = message;
    return;
  }
  list.push(message);
  if (list.length > 1 && (list.at(-2)?.ts ?? '') > message.ts) list.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
}

/** Whether a message lives only in its thread (a reply not broadcast to the channel). @param {Message} m */
export function isReply(m) {
  return Boolean(m.thread_ts && m.thread_ts !== m.ts && m.subtype !== 'thread_broadcast');
}

/** What the page knows: people, channels, the messages loaded so far, and where the person is looking. */
export function createState(/** @type {import('./types.js').Bootstrap} */ boot) {
  /** @type {Map<string, User>} */
  const users = new Map(boot.users.map((u) => [u.id, u]));
  /** @type {Map<string, Channel>} */
  const channels = new Map(boot.channels.map((c) => [c.id, c]));
  /** @type {Map<string, Timeline>} */
  const timelines = new Map();
  /** @type {Map<string, Message[]>} thread replies by `channel:thread_ts`, the parent first */
  const threads = new Map();

  const state = {
    team: boot.team,
    app: boot.app,
    selfId: boot.self.id,
    users,
    channels,
    timelines,
    threads,
    /** @type {string} the channel id on screen */
    current: '',
    /** @type {{ channel: string, ts: string, loading?: boolean } | undefined} the thread in the side pane */
    thread: undefined,

    /** @param {string} id */
    userName(id) {
      const u = users.get(id);
      return u ? u.profile.display_name || u.name : id;
    },
    /** The other person of a DM (the page gets `user` as seen from its side). @param {Channel} c */
    dmUser(c) {
      return c.is_im ? users.get(c.user ?? c.name) : undefined;
    },
    /** A DM is named after the other person. @param {Channel} c */
    label(c) {
      if (!c.is_im) return c.name;
      return state.dmUser(c)?.name ?? c.user ?? c.name;
    },
    /** @param {string} id */
    channelName(id) {
      const c = channels.get(id);
      return c ? state.label(c) : id;
    },
    /** @param {string} channel */
    timeline(channel) {
      let t = timelines.get(channel);
      if (!t) timelines.set(channel, (t = { messages: [], loaded: false, hasMore: false, cursor: '', error: '' }));
      return t;
    },
    /**
     * Files a message (new or changed) where it shows: the channel, its thread, or both.
     * @param {string} channel @param {Message} message
     */
    apply(channel, message) {
      if (!isReply(message)) upsert(state.timeline(channel).messages, message);
      const root = message.thread_ts ?? message.ts;
      const thread = threads.get(`${channel}:${root}`);
      if (thread) upsert(thread, message);
    },
    /** @param {string} channel @param {Message[]} messages from conversations.history or .replies */
    merge(channel, messages) {
      for (const m of messages) state.apply(channel, { ...m, channel: m.channel ?? channel });
    },
    /** @param {string} channel @param {string} ts */
    find(channel, ts) {
      return timelines.get(channel)?.messages.find((m) => m.ts === ts) ?? threads.get(`${channel}:${ts}`)?.[0]
        ?? [...threads.values()].flat().find((m) => m.channel === channel && m.ts === ts);
    },
  };
  return state;
}

/** @typedef {ReturnType<typeof createState>} State */
