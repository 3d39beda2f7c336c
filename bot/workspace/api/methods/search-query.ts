/**
 * Slack's search syntax, the part people and agents use: words (prefix-matched, standing in
 * for Slack's stemming), "exact phrases", -excluded words, and the modifiers in:, from:,
 * before:, after:, on: (a date, today or yesterday), is:thread, has:reaction and has:link.
 * Every term must match.
 */
export interface SearchQuery {
  words: string[];
  phrases: string[];
  excluded: string[];
  /** Channel references as written (`#incidents`, `incidents`, `<#C123|incidents>`, `@dan`). */
  in: string[];
  /** User references as written (`@dan`, `dan`, `<@U123>`, `me`). */
  from: string[];
  /** Epoch seconds bounds, exclusive. */
  after?: number;
  before?: number;
  isThread: boolean;
  hasReaction: boolean;
  hasLink: boolean;
}

const DAY = 86_400;
const token = /(-)?(?:([a-z]+):)?(?:"([^"]*)"|(\S+))/gi;

/** Lower-case words separated by single spaces, so matching ignores punctuation and case. */
export function normalize(text: string): string {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).join(' ');
}

/** The start of a UTC day, from `2024-05-02`, `today` or `yesterday`. */
function day(value: string, now: Date): number | undefined {
  const today = Math.floor(now.getTime() / 1000 / DAY) * DAY;
  const word = value.toLowerCase();
  if (word === 'today') return today;
  if (word === 'yesterday') return today - DAY;
  const t = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  return Number.isNaN(t) ? undefined : t / 1000;
}

export function parseQuery(query: string, now = new Date()): SearchQuery {
  const q: SearchQuery = { words: [], phrases: [], excluded: [], in: [], from: [], isThread: false, hasReaction: false, hasLink: false };
  for (const m of query.matchAll(token)) {
    const [whole, minus, modifier, quoted, bare] = m;
    const value = quoted ?? bare ?? '';
    const mod = modifier?.toLowerCase();
    const start = mod ? day(value, now) : undefined;
    if (mod === 'in' && value) q.in.push(value);
    else if (mod === 'from' && value) q.from.push(value);
    else if (mod === 'before' && start !== undefined) q.before = Math.min(q.before ?? Infinity, start);
    else if (mod === 'after' && start !== undefined) q.after = Math.max(q.after ?? -Infinity, start + DAY);
    else if (mod === 'on' && start !== undefined) {
      q.after = Math.max(q.after ?? -Infinity, start - 1e-6);
      q.before = Math.min(q.before ?? Infinity, start + DAY);
    } else if (mod === 'is' && value.toLowerCase() === 'thread') q.isThread = true;
    else if (mod === 'has' && value.toLowerCase() === 'reaction') q.hasReaction = true;
    else if (mod === 'has' && value.toLowerCase() === 'link') q.hasLink = true;
    else {
      // Not a modifier this parser knows (say `http://…`): the whole token is text to find.
      const text = normalize(mod ? whole.replace(/^-/, '') : value);
      if (!text) continue;
      if (minus) q.excluded.push(text);
      else if (quoted !== undefined || text.includes(' ')) q.phrases.push(text);
      else q.words.push(text);
    }
  }
  return q;
}

/** How well a text matches the query's words and phrases: undefined when it does not. */
export function scoreText(q: SearchQuery, text: string): number | undefined {
  const hay = ` ${normalize(text)} `;
  if (q.excluded.some((w) => hay.includes(` ${w} `))) return undefined;
  let score = 0;
  for (const w of q.words) {
    const hits = hay.split(` ${w}`).length - 1;
    if (hits === 0) return undefined;
    score += hits;
  }
  for (const p of q.phrases) {
    const hits = hay.split(` ${p} `).length - 1;
    if (hits === 0) return undefined;
    score += 2 * hits;
  }
  return score;
}
