import type { Scenario } from '../../../chaos/scenario/schema.js';
import { findPhrases, mentions, significantWords, type PhraseHit } from './phrase.js';

export type Truth = Scenario['truth'];
export type RedHerring = Truth['redHerrings'][number];
export type Remedies = Scenario['remedies'];
export type Remedy = Remedies['fixes'][number];

export type TheoryVerdict = 'cause' | 'symptom' | 'unrelated' | 'unknown';

export interface TheoryMatch {
  verdict: TheoryVerdict;
  /** The red herring the theory names (symptom / unrelated). */
  herring?: RedHerring;
  /**
   * Only for `cause`: the theory names exactly one distinct root-cause keyword, and neither
   * the component nor the change's ticket ("it's the retries"): it has found a piece of the
   * chain (the timeout, or the missing key), not the change that made it.
   */
  partial?: boolean;
  /** The keywords that decided it. */
  matched: string[];
}

export interface FixMatch {
  kind: 'fix' | 'trap' | 'unknown';
  remedy?: Remedy;
  /** The keyword (or remedy name) that decided it. */
  matched?: string;
}

const TICKET = /\b[A-Z][A-Z0-9]+-\d+\b/g;
const IDENTIFIER = /\b[a-z]+[A-Z][A-Za-z0-9]*\b/g;

/** Names a truth's change carries that a theory might quote: its tickets and config keys. */
export function changeIdentifiers(truth: Truth): string[] {
  return [...new Set([...(truth.rootCause.change.match(TICKET) ?? []), ...(truth.rootCause.change.match(IDENTIFIER) ?? [])])];
}

function causeKeywords(truth: Truth): string[] {
  if (truth.rootCause.keywords.length > 0) return truth.rootCause.keywords;
  const ids = changeIdentifiers(truth);
  return ids.length > 0 ? ids : significantWords(truth.rootCause.change, 4);
}

interface Scored { herring: RedHerring; hits: PhraseHit[] }

const longest = (hits: readonly PhraseHit[]) => Math.max(0, ...hits.map((h) => h.keyword.length));

function best(scored: readonly Scored[]): Scored | undefined {
  let top: Scored | undefined;
  for (const s of scored) {
    if (s.hits.length === 0) continue;
    // More distinct keywords first, then the longest one; the scenario's order breaks ties.
    if (!top || s.hits.length > top.hits.length || (s.hits.length === top.hits.length && longest(s.hits) > longest(top.hits))) top = s;
  }
  return top;
}

/**
 * Judges a theory against the truth. The root cause wins whenever one of its keywords is
 * named ("the pool saturates because of PERF-812" is the cause), since a theory that finds
 * the change has found the cause, whatever symptom it starts from. Otherwise the red herring
 * with the most keywords named decides: `symptom` or `unrelated` by its verdict. A herring
 * without keywords is matched by the significant words of its name (two of them, or its only
 * one); so is every herring when no keyword at all was named.
 */
export function matchTheory(text: string, truth: Truth): TheoryMatch {
  const cause = findPhrases(text, causeKeywords(truth), { loose: true });
  if (cause.length > 0) {
    const tickets = truth.rootCause.change.match(TICKET) ?? [];
    const partial = cause.length === 1 && ![truth.rootCause.component, ...tickets].some((name) => mentions(text, name));
    return { verdict: 'cause', partial, matched: cause.map((h) => h.keyword) };
  }
  const byName = (h: RedHerring): PhraseHit[] => {
    const words = significantWords(h.name, 4);
    const hits = findPhrases(text, words);
    return hits.length >= Math.min(2, words.length) ? hits : [];
  };
  const byKeywords = truth.redHerrings.map((h) => ({ herring: h, hits: h.keywords.length > 0 ? findPhrases(text, h.keywords, { loose: true }) : byName(h) }));
  const top = best(byKeywords) ?? best(truth.redHerrings.map((h) => ({ herring: h, hits: byName(h) })));
  if (!top) return { verdict: 'unknown', matched: [] };
  return { verdict: top.herring.verdict, herring: top.herring, matched: top.hits.map((h) => h.keyword) };
}

/**
 * Which remedy a fix proposal names: the longest keyword (or remedy name) found wins; on a
 * tie the trap wins, because approving a trap is the costlier mistake. Exact phrases only,
 * unlike theories: an approval opens the gate to real remediation, so "roll back the seating
 * deploy" must not pass for "roll back the deploy".
 */
export function matchFix(text: string, remedies: Remedies): FixMatch {
  let top: { kind: 'fix' | 'trap'; remedy: Remedy; keyword: string } | undefined;
  const candidates = [...remedies.traps.map((r) => ({ kind: 'trap' as const, remedy: r })), ...remedies.fixes.map((r) => ({ kind: 'fix' as const, remedy: r }))];
  for (const { kind, remedy } of candidates) {
    for (const hit of findPhrases(text, [remedy.name, ...remedy.keywords])) {
      if (!top || hit.keyword.length > top.keyword.length) top = { kind, remedy, keyword: hit.keyword };
    }
  }
  return top ? { kind: top.kind, remedy: top.remedy, matched: top.keyword } : { kind: 'unknown' };
}
