import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeRegExp, findPhrases, normalise, significantWords, type PhraseHit } from './phrase.js';

/**
 * findPhrases as it was before its patterns were kept and the loose match skipped texts
 * lacking a word: a pattern compiled per use, read with matchAll, every sentence walked.
 */
function findPhrasesUncached(text: string, keywords: readonly string[], opts: { loose?: boolean } = {}): PhraseHit[] {
  const pattern = (words: readonly string[]) => {
    const plural = /[a-z]$/i.test(words.at(-1) ?? '') ? '(?:s|es)?' : '';
    return new RegExp(`(?<![A-Za-z0-9])${words.map(escapeRegExp).join('[\\s-]+')}${plural}(?![A-Za-z0-9])`, 'gi');
  };
  const NEGATED = /(?:\bnot|n't|\bnever|\brul(?:e|ed|ing)\s+out|\bnothing\s+to\s+do\s+with|\brather\s+than|\binstead\s+of)\s+(?:(?:think|be|it's|it\s+is|that|this|the|a|an|our|just|really|only|because\s+of|due\s+to|caused\s+by|from|about)\s+){0,3}$/i;
  const isNegated = (s: string, at: number) => NEGATED.test(s.slice(Math.max(0, at - 80), at));
  const firstAffirmed = (s: string, re: RegExp) => {
    for (const m of s.matchAll(re)) if (!isNegated(s, m.index)) return { start: m.index, end: m.index + m[0].length };
    return undefined;
  };
  const looseHit = (s: string, keyword: string) => {
    const words = significantWords(keyword);
    if (words.length < 2) return undefined;
    for (const sentence of s.matchAll(/[^.!?;\n]+/g)) {
      const spans = words.map((w) => firstAffirmed(sentence[0], pattern([w])));
      if (spans.some((x) => x === undefined)) continue;
      const found = spans.filter((x): x is { start: number; end: number } => x !== undefined);
      const start = sentence.index + Math.min(...found.map((x) => x.start));
      if (isNegated(s, start)) continue;
      return { start, end: sentence.index + Math.max(...found.map((x) => x.end)) };
    }
    return undefined;
  };
  const t = normalise(text);
  const hits: PhraseHit[] = [];
  for (const keyword of new Set(keywords)) {
    const words = keyword.trim().split(/[\s-]+/).filter((w) => w.length > 0);
    if (words.length === 0) continue;
    const exact = firstAffirmed(t, pattern(words));
    if (exact) hits.push({ keyword, ...exact, exact: true });
    else {
      const loose = opts.loose ? looseHit(t, keyword) : undefined;
      if (loose) hits.push({ keyword, ...loose, exact: false });
    }
  }
  const exacts = hits.filter((h) => h.exact);
  return hits.filter((h) => !exacts.some((o) => o !== h && o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start));
}

const KEYWORDS = ['PERF-812', 'partner timeout', 'Idempotency-Key', 'idempotency', 'retry storm', 'retries', 'pool', 'connection pool', 'pool exhausted', "priya's deploy", '1.5 s', 'time out', 'disk full', ' ', 'seating deploy'];
// Pieces that make exact, loose and denied mentions, split across sentences or glued to letters.
const PIECES = ['the', 'partner', 'partners', 'timeout', 'timeouts', 'pool', 'pools', 'poolSize', 'connection', 'exhausted', 'retry', 'storm', 'retries', 'idempotency', 'Idempotency-Key', 'key',
  'PERF-812', 'perf 812', 'not', "isn't", "don't think it's", 'rule out', 'seating', 'deploy', "priya's", 'priya’s', 'disk', 'full', '1.5', 's', 'time', 'out', '.', ';', '!', '\n', '-', '_', '(', ')', '"'];

describe('findPhrases with kept patterns', () => {
  it('finds what compiling every pattern anew found, in any order of texts and keywords', () => {
    const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((ps) => ps.join(' '));
    const keywords = fc.subarray(KEYWORDS, { minLength: 1 });
    fc.assert(fc.property(fc.array(fc.tuple(text, keywords, fc.boolean()), { minLength: 1, maxLength: 5 }), (cases) => {
      for (const [t, ks, loose] of cases) expect(findPhrases(t, ks, { loose })).toEqual(findPhrasesUncached(t, ks, { loose }));
    }), { numRuns: 300 });
  });

  it('starts each text afresh with a pattern another text left mid-way', () => {
    expect(findPhrases('pool, not the pool', ['pool'])).toMatchObject([{ start: 0 }]);
    expect(findPhrases('pool', ['pool'])).toMatchObject([{ start: 0, end: 4 }]);
    expect(findPhrases('the partner; a timeout', ['partner timeout'], { loose: true })).toEqual([]);
    expect(findPhrases('the partner saw a timeout', ['partner timeout'], { loose: true })).toMatchObject([{ exact: false, start: 4, end: 25 }]);
  });
});
