import { isInvestigatorCall, isInvestigatorMessage, isPersonaMessage, type Message } from '../coach/entries.js';
import { changeIdentifiers, matchTheory, type RedHerring, type Truth } from '../app/personas/match.js';
import { findPhrases, significantWords } from '../app/personas/phrase.js';
import { CONCLUSION_TOOL, POSTING_TOOL } from '../coach/tools.js';
import type { JournalEntry } from '../desk/journal/journal.js';
import { abridgeArgs, cut } from './abridge.js';
import { secondsBetween } from './clock.js';
import type { Hypothesis, HypothesisTouch } from './types.js';

/** What the investigator writes about a hypothesis: a fix proposal names one too ("raise the pool"). */
const THEORY_INTENTS: ReadonlySet<string> = new Set(['theory', 'question', 'fix']);
/** Verdicts on a theory; approvals and doubts about a fix are the process's business. */
const THEORY_VERDICTS: ReadonlySet<string> = new Set(['confirmed', 'challenged', 'symptom']);

const ROOT = -1;

/**
 * Calls whose arguments are prose, not a look at the data: the report names every
 * hypothesis it rules out, and a posted message is matched as the message the bot journaled.
 */
const PROSE_TOOLS: ReadonlySet<string> = new Set([CONCLUSION_TOOL, POSTING_TOOL]);

/**
 * The words a call's arguments are matched by: the root cause's keywords, change ids and
 * mechanism parts (a query on `outcome="timeout"` looks at the chain); a herring's keywords, else its name.
 */
function callMatcher(truth: Truth): Array<(text: string) => string[]> {
  const rc = truth.rootCause;
  const root = [...new Set([...rc.keywords, ...changeIdentifiers(truth), ...rc.parts.flatMap((p) => p.keywords)])];
  const herring = (h: RedHerring) => {
    if (h.keywords.length > 0) return (text: string) => findPhrases(text, h.keywords, { loose: true }).map((p) => p.keyword);
    // As matchTheory does for a herring without keywords: two significant words of its name, or its only one.
    const words = significantWords(h.name, 4);
    return (text: string) => {
      const hits = findPhrases(text, words).map((p) => p.keyword);
      return hits.length >= Math.min(2, words.length) ? hits : [];
    };
  };
  return [(text) => findPhrases(text, root, { loose: true }).map((p) => p.keyword), ...truth.redHerrings.map(herring)];
}

/**
 * Signal vs noise: for the root cause and each red herring, the investigator's calls whose
 * arguments name it (jira_get_issue ORD-238, logs_search "pool", a seating metric) and their
 * messages the theory matcher places on it, the coworkers' verdicts on those messages, the
 * truth, and the time between the first and the last touch.
 */
export function traceHypotheses(entries: readonly JournalEntry[], truth: Truth): Hypothesis[] {
  const matchers = callMatcher(truth);
  // A game repeats its lookups (the same query every few minutes), and matching is pure: each
  // distinct text is matched once, and each touch gets its own copy of the words.
  const matchedBy = new Map<string, string[][]>();
  const matchText = (text: string): string[][] => {
    const known = matchedBy.get(text);
    if (known !== undefined) return known;
    const fresh = matchers.map((match) => match(text));
    matchedBy.set(text, fresh);
    return fresh;
  };
  const touches = new Map<number, HypothesisTouch[]>();
  const verdicts = new Map<number, Hypothesis['coworkers']>();
  const about = new Map<string, number>();
  // In place: copying the list on each touch was quadratic in a long game's touches.
  const push = <T>(map: Map<number, T[]>, index: number, item: T) => {
    const list = map.get(index);
    if (list === undefined) map.set(index, [item]);
    else list.push(item);
  };

  for (const e of entries) {
    if (isInvestigatorCall(e)) {
      if (PROSE_TOOLS.has(e.tool)) continue;
      // Underscores join metric and label names (seating_duplicate_seat_assignments): read them as spaces.
      const text = JSON.stringify(e.args ?? {}).replace(/_/g, ' ');
      matchText(text).forEach((matched, i) => {
        if (matched.length > 0) push(touches, i === 0 ? ROOT : i - 1, { seq: e.seq, at: e.at, kind: 'call', what: `${e.tool} ${abridgeArgs(e.args, 120)}`, matched: [...matched] });
      });
    } else if (isInvestigatorMessage(e)) {
      const placed = THEORY_INTENTS.has(e.intent) ? placeTheory(e.text, truth) : undefined;
      // A later message of the thread that names nothing takes the thread over: a verdict on it is not one on the earlier theory.
      if (placed === undefined) {
        about.delete(threadKey(e));
        continue;
      }
      push(touches, placed.index, { seq: e.seq, at: e.at, kind: 'message', what: cut(e.text, 160), matched: placed.matched });
      about.set(threadKey(e), placed.index);
    } else if (isPersonaMessage(e) && e.verdict !== undefined && THEORY_VERDICTS.has(e.verdict)) {
      const index = about.get(threadKey(e));
      if (index !== undefined) push(verdicts, index, { seq: e.seq, at: e.at, persona: e.persona, verdict: e.verdict });
    }
  }

  const hypothesis = (index: number, name: string, verdict: Hypothesis['truth'], dismissedBy?: string): Hypothesis => {
    const t = touches.get(index) ?? [];
    const firstAt = t[0]?.at;
    const lastAt = t.at(-1)?.at;
    return {
      name, truth: verdict, ...(dismissedBy === undefined ? {} : { dismissedBy }),
      touches: t, coworkers: verdicts.get(index) ?? [],
      ...(firstAt === undefined ? {} : { firstAt }), ...(lastAt === undefined ? {} : { lastAt }),
      timeSpentS: secondsBetween(firstAt, lastAt) ?? 0,
    };
  };
  return [
    hypothesis(ROOT, `${truth.rootCause.component}: ${truth.rootCause.change}`, 'root cause'),
    ...truth.redHerrings.map((h, i) => hypothesis(i, h.name, h.verdict, h.dismissedBy)),
  ];
}

/** ROOT for the root cause or a red herring's index, with the words that placed it; undefined when the matcher cannot place it. */
function placeTheory(text: string, truth: Truth): { index: number; matched: string[] } | undefined {
  const m = matchTheory(text, truth);
  if (m.verdict === 'cause') return { index: ROOT, matched: m.matched };
  const index = m.herring ? truth.redHerrings.findIndex((h) => h.name === m.herring?.name) : -1;
  return index >= 0 ? { index, matched: m.matched } : undefined;
}

/**
 * A coworker replies in the thread of the message they answer (conversation.ts posts in
 * `threadTs ?? ts`), so a verdict belongs to the latest investigator message of its thread.
 */
const threadKey = (m: Message): string => `${m.channel}/${m.threadTs ?? m.ts}`;
