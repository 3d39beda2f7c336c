import { changeIdentifiers, type RedHerring, type Truth } from '../app/personas/match.js';
import { findPhrases, significantWords } from '../app/personas/phrase.js';
import type { IncidentReport, Scorecard } from './types.js';

/** A report that names a red herring as the cause has not found it, whatever else it says. */
export const BLAMED_CAP = 0.25;
/** A score from here counts as right: the thirds of a three-part mechanism do not add up to exactly 1. */
export const RIGHT_FROM = 0.99;

const named = (text: string, keywords: readonly string[], loose = true): string[] =>
  findPhrases(text, keywords, { loose }).map((h) => h.keyword);

/** A herring's keywords, or, like matchTheory, two significant words of its name when it has none. */
function namesHerring(text: string, h: RedHerring): boolean {
  if (h.keywords.length > 0) return named(text, h.keywords).length > 0;
  const words = significantWords(h.name, 4);
  return words.length > 0 && named(text, words, false).length >= Math.min(2, words.length);
}

/**
 * The report's root cause against the scenario's truth: the component (0.25), the change by
 * its ticket or config key (0.25), and each part of the mechanism (0.5 shared equally), named
 * anywhere in the root cause fields. A red herring in the component or the change is blamed
 * and caps the score, so "the orders pool is too small" ranks below a partial chain.
 */
export function scoreRootCause(report: IncidentReport | undefined, truth: Truth): Scorecard['rootCause'] {
  const rc = truth.rootCause;
  const ids = changeIdentifiers(truth);
  const changeWords = ids.length > 0 ? ids : rc.keywords;
  const parts = rc.parts.length > 0 ? rc.parts : [{ name: 'the mechanism', keywords: rc.keywords }];
  const labels = { component: `component: ${rc.component}`, change: `change: ${changeWords.join(' / ')}` };
  if (!report) {
    return { score: 0, right: false, matched: [], missed: [labels.component, labels.change, ...parts.map((p) => `part: ${p.name}`)], blamed: [] };
  }

  const { component, change, mechanism } = report.rootCause;
  const all = [component, change, mechanism, report.rootCauseText ?? ''].join('\n');
  const matched: string[] = [];
  const missed: string[] = [];
  const check = (label: string, ok: boolean, weight: number): number => {
    (ok ? matched : missed).push(label);
    return ok ? weight : 0;
  };

  let score = check(labels.component, named(all, [rc.component]).length > 0, 0.25);
  score += check(labels.change, named(all, changeWords, false).length > 0, 0.25);
  for (const part of parts) score += check(`part: ${part.name}`, named(all, part.keywords).length > 0, 0.5 / parts.length);

  const blamed = truth.redHerrings.filter((h) => namesHerring(`${component}\n${change}`, h)).map((h) => h.name);
  if (blamed.length > 0) score = Math.min(score, BLAMED_CAP);
  score = Math.round(score * 1000) / 1000;
  return { score, right: score >= RIGHT_FROM, matched, missed, blamed };
}
