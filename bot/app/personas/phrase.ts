/**
 * Finding a scenario's keywords in what someone wrote. Shared by the theory and fix
 * matchers so both read "PERF-812", "roll back" and "not the pool" the same way.
 */

/** A keyword found in a message. `exact`: its words in order; loose: all its words in one sentence. */
export interface PhraseHit {
  keyword: string;
  start: number;
  end: number;
  exact: boolean;
}

const STOP = new Set(['the', 'a', 'an', 'of', 'to', 'in', 'on', 'is', 'are', 'was', 'be', 'and', 'or', 'for', 'with', 'by', 'it', 'its', 'this', 'that', 'our', 'my', 'too', 'just', 'before', 'after', 'not', 'do']);

// Slack and phones send typographic apostrophes; the patterns below are written with ASCII ones.
export const normalise = (text: string): string => text.replace(/[\u2018\u2019]/g, "'");

export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const wordsOf = (keyword: string) => keyword.trim().split(/[\s-]+/).filter((w) => w.length > 0);

// Letters and digits glue a word together, anything else ends it: "PERF-812" matches in
// "(PERF-812)", "pool" does not match inside "poolSize". Spaces and dashes between words
// are interchangeable ("roll-back" ~ "roll back"); a plural ending is tolerated.
function compile(words: readonly string[]): RegExp {
  const last = words.at(-1) ?? '';
  const plural = /[a-z]$/i.test(last) ? '(?:s|es)?' : '';
  return new RegExp(`(?<![A-Za-z0-9])${words.map(escapeRegExp).join('[\\s-]+')}${plural}(?![A-Za-z0-9])`, 'gi');
}

/**
 * Remembers what a keyword compiles to. The report matches the same scenario keywords
 * against every call of a game, and building their patterns anew for each call was most
 * of its time. Bounded because `mentions` may be handed any phrase: when full it starts
 * over, which one scenario's few hundred keys and words never reach.
 */
function memo<V>(compute: (key: string) => V, max = 2_000): (key: string) => V {
  const cache = new Map<string, V>();
  return (key) => {
    if (cache.has(key)) return cache.get(key) as V;
    if (cache.size >= max) cache.clear();
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
}

// Shared between calls, so whoever reads one with exec starts it at lastIndex 0 (firstAffirmed);
// `search` leaves lastIndex as it found it.
const keywordPattern = memo((keyword): RegExp | undefined => {
  const words = wordsOf(keyword);
  return words.length === 0 ? undefined : compile(words);
});
const wordPattern = memo((word) => compile([word]));
const looseWords = memo((keyword): readonly string[] => significantWords(keyword));

// "not the pool", "I don't think it's the pool", "rule out the pool", "rather than restart
// storefront": the keyword right after is denied, not proposed. Deliberately tight (only
// filler words in between) so "retries don't send idempotency keys" still names the key.
const NEGATED = /(?:\bnot|n't|\bnever|\brul(?:e|ed|ing)\s+out|\bnothing\s+to\s+do\s+with|\brather\s+than|\binstead\s+of)\s+(?:(?:think|be|it's|it\s+is|that|this|the|a|an|our|just|really|only|because\s+of|due\s+to|caused\s+by|from|about)\s+){0,3}$/i;

const isNegated = (text: string, at: number) => NEGATED.test(text.slice(Math.max(0, at - 80), at));

function firstAffirmed(text: string, re: RegExp): { start: number; end: number } | undefined {
  // exec on the shared pattern, not matchAll, which copies it for every text and made this a
  // third slower. The patterns never match empty, so each exec moves on.
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (!isNegated(text, m.index)) return { start: m.index, end: m.index + m[0].length };
  }
  return undefined;
}

/** Significant words of a phrase (no stop words), lowercased, unique. */
export function significantWords(phrase: string, minLength = 1): string[] {
  const words = normalise(phrase).toLowerCase().split(/[^a-z0-9'-]+/).filter((w) => w.length >= minLength && !STOP.has(w));
  return [...new Set(words)];
}

function looseHit(text: string, keyword: string): { start: number; end: number } | undefined {
  const words = looseWords(keyword);
  if (words.length < 2) return undefined;
  // A word the whole text lacks is in none of its sentences (where a sentence ends, the text
  // has no letter or digit either), so most texts skip the walk through their sentences.
  if (words.some((w) => text.search(wordPattern(w)) < 0)) return undefined;
  for (const sentence of text.matchAll(/[^.!?;\n]+/g)) {
    const spans = words.map((w) => firstAffirmed(sentence[0], wordPattern(w)));
    if (spans.some((s) => s === undefined)) continue;
    const found = spans.filter((s): s is { start: number; end: number } => s !== undefined);
    const start = sentence.index + Math.min(...found.map((s) => s.start));
    if (isNegated(text, start)) continue;
    return { start, end: sentence.index + Math.max(...found.map((s) => s.end)) };
  }
  return undefined;
}

/**
 * The keywords a message names, case-insensitively and on word boundaries, skipping denied
 * ones. With `loose`, a multi-word keyword also counts when all its words share a sentence
 * ("the dispatch is paused" names "dispatch paused"). A hit inside a longer exact hit
 * ("idempotency" inside "Idempotency-Key") is dropped, so the count is of distinct mentions.
 */
export function findPhrases(text: string, keywords: readonly string[], opts: { loose?: boolean } = {}): PhraseHit[] {
  const t = normalise(text);
  const hits: PhraseHit[] = [];
  for (const keyword of new Set(keywords)) {
    const re = keywordPattern(keyword);
    if (re === undefined) continue;
    const exact = firstAffirmed(t, re);
    if (exact) {
      hits.push({ keyword, ...exact, exact: true });
      continue;
    }
    const loose = opts.loose ? looseHit(t, keyword) : undefined;
    if (loose) hits.push({ keyword, ...loose, exact: false });
  }
  const exacts = hits.filter((h) => h.exact);
  return hits.filter((h) => !exacts.some((o) => o !== h && o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start));
}

/** Whether the text names this word or phrase (same rules, exact only). */
export const mentions = (text: string, phrase: string): boolean => findPhrases(text, [phrase]).length > 0;
