// @ts-check
/**
 * What the person has read, per channel: the newest ts they have seen, kept in
 * localStorage so a reload still shows what came in while the tab was closed.
 */
export function createUnread(/** @type {string} */ storageKey) {
  /** @type {Record<string, string>} */
  let lastRead = {};
  try {
    lastRead = JSON.parse(localStorage.getItem(storageKey) ?? '{}');
  } catch {
    lastRead = {};
  }
  /** @type {Map<string, { count: number, mentions: number }>} */
  const counts = new Map();
  const save = () => {
    try {
      localStorage.setItem(storageKey, JSON.stringify(lastRead));
    } catch {
      // Private windows may refuse storage; unread marks then last as long as the tab.
    }
  };

  return {
    counts,
    /** @param {string} channel */
    of: (channel) => counts.get(channel) ?? { count: 0, mentions: 0 },
    /** @param {string} channel @param {string | undefined} ts */
    markRead(channel, ts) {
      counts.delete(channel);
      if (ts && (lastRead[channel] ?? '') < ts) {
        lastRead[channel] = ts;
        save();
      }
    },
    /**
     * Counts what others wrote after the last read; on a first visit everything is read.
     * @param {string} channel @param {import('./types.js').Message[]} messages @param {string} selfId
     */
    init(channel, messages, selfId) {
      const latest = messages.reduce((max, m) => (m.ts > max ? m.ts : max), '');
      const since = lastRead[channel];
      if (since === undefined) {
        if (latest) lastRead[channel] = latest;
        save();
        return;
      }
      let count = 0;
      let mentions = 0;
      for (const m of messages) {
        if (m.ts <= since || m.user === selfId) continue;
        count += 1;
        if (m.text.includes(`<@${selfId}`)) mentions += 1;
      }
      counts.set(channel, { count, mentions });
    },
    /** @param {string} channel @param {import('./types.js').Message} m @param {string} selfId */
    bump(channel, m, selfId) {
      if (m.user === selfId && !m.bot_id) return;
      const c = counts.get(channel) ?? { count: 0, mentions: 0 };
      counts.set(channel, { count: c.count + 1, mentions: c.mentions + (m.text.includes(`<@${selfId}`) ? 1 : 0) });
    },
    total() {
      let n = 0;
      for (const c of counts.values()) n += c.count;
      return n;
    },
  };
}

/** @typedef {ReturnType<typeof createUnread>} Unread */
