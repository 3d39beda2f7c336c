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
function pattern(words: readonly string[]): RegExp {
  const last = words.at(-1) ?? '';
  const plural = /[a-z]$/i.test(last) ? '(?:s|es)?' : '';
  return new RegExp(`(?<![A-Za-z0-9])${words.map(escapeRegExp).join('[\\s-]+')}${plural}(?![A-Za-z0-9])`, 'gi');
}

// "not the pool", "I don't think it's the pool", "rule out the pool", "rather than restart
// storefront": the keyword right after is denied, not proposed. Deliberately tight (only
// filler words in between) so "retries don't send idempotency keys" still names the key.
const NEGATED = /(?:\bnot|n't|\bnever|\brul(?:e|ed|ing)\s+out|\bnothing\s+to\s+do\s+with|\brather\s+than|\binstead\s+of)\s+(?:(?:think|be|it's|it\s+is|that|this|the|a|an|our|just|really|only|because\s+of|due\s+to|caused\s+by|from|about)\s+){0,3}$/i;

const isNegated = (text: string, at: number) => NEGATED.test(text.slice(Math.max(0, at - 80), at));

function firstAffirmed(text: string, re: RegExp): { start: number; end: number } | undefined {
  for (const m of text.matchAll(re)) {
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
  const words = significantWords(keyword);
  if (words.length < 2) return undefined;
  for (const sentence of text.matchAll(/[^.!?;\n]+/g)) {
    const spans = words.map((w) => firstAffirmed(sentence[0], pattern([w])));
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
    const words = wordsOf(keyword);
    if (words.length === 0) continue;
    const exact = firstAffirmed(t, pattern(words));
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
