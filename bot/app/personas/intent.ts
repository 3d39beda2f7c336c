import { normalise } from './phrase.js';
import { topicsOf } from './topics.js';
import type { Intent } from './types.js';

const GREETING = String.raw`(?:hi|hey|hello|hiya|howdy|yo|morning|good\s+(?:morning|afternoon|evening)|thanks|thank\s+you|thx|ty|cheers|great|cool|nice|awesome|perfect|ok|okay|sure|got\s+it|sounds\s+good|will\s+do|np|no\s+worries|bye|see\s+you|welcome)`;
const SMALLTALK = new RegExp(`^${GREETING}\\b`, 'i');

// Words that open a message with a colon or comma and are not someone's name.
const MARKERS = new Set(['status', 'update', 'sitrep', 'plan', 'proposal', 'fix', 'mitigation', 'remediation', 'note', 'fyi', 'question', 'theory', 'hypothesis', 'current', 'quick', 'so', 'well', 'also', 'yes', 'no', 'hmm', 'ok', 'okay', 'thanks', 'hi', 'hey', 'hello', 'morning', 'cheers', 'great', 'cool', 'nice', 'sure', 'action', 'next']);

const STATUS = /^(?:(?:quick\s+|progress\s+|current\s+)?status(?:\s+update)?|(?:quick\s+|progress\s+)?update|sitrep)\s*[:\-\u2013\u2014,]|\b(?:here'?s|here\s+is|posting)\s+(?:a\s+|my\s+|the\s+|an?\s+)?(?:quick\s+)?(?:status\s+)?update\b/i;

// Base and -ing forms only: "deployed" and "reverted" report the past, they propose nothing.
const ACTION = String.raw`(?:roll(?:ing)?[\s-]?back|rollback|revert(?:ing)?|undo(?:ing)?|restart(?:ing)?|bounc(?:e|ing)|(?:re)?deploy(?:ing)?|pause|pausing|resume|resuming|unpaus(?:e|ing)|(?:re-?)?enabl(?:e|ing)|disabl(?:e|ing)|turn(?:ing)?\s+(?:off|on|back)|flip(?:ping)?|set(?:ting)?(?!\s+up)|rais(?:e|ing)|increas(?:e|ing)|bump(?:ing)?|scal(?:e|ing)|toggl(?:e|ing)|stop(?:ping)?|kill(?:ing)?|bypass(?:ing)?|restor(?:e|ing)|apply(?:ing)?|patch(?:ing)?|hotfix(?:ing)?|mitigat(?:e|ing)|purg(?:e|ing)|drain(?:ing)?|send(?:ing)?\s+(?:the\s+)?idempotency)`;
const REQUEST = String.raw`(?:i\s+(?:want|would\s+like|need|plan|intend|propose|suggest)\s+to|i'd\s+like\s+to|(?:i'm\s+|i\s+am\s+|we're\s+|we\s+are\s+)?(?:going\s+to|gonna|about\s+to)|i'll|i\s+will|we\s+(?:should|could|need\s+to|must|can)|should\s+(?:we|i)|can\s+(?:i|we)|could\s+(?:i|we)|may\s+(?:i|we)|(?:ok|okay|fine|safe)\s+(?:to|if\s+(?:i|we))|let's|lets|i\s+propose(?:\s+(?:that\s+)?we)?|propose\s+(?:to|we)|permission\s+to|any\s+objections?\s+to|mind\s+if\s+(?:i|we)|plan\s+is\s+to|i\s+suggest(?:\s+we)?|suggest\s+(?:we|to)|how\s+about|what\s+about|time\s+to|go\s+ahead\s+and)`;
// Up to three words between the request and the action ("can I quickly roll back"), but not
// words of looking ("should I check the deploy log?") and no punctuation in between.
const FILLER = String.raw`(?:(?!(?:check|look|see|ask|read|find|verify|confirm|query|search|inspect|investigate|dig|you)\b)[a-z'-]+\s+){0,3}?`;
const PROPOSES = new RegExp(String.raw`\b${REQUEST}\s+${FILLER}${ACTION}\b`, 'i');
const IMPERATIVE = new RegExp(String.raw`^(?:please\s+|pls\s+)?${ACTION}\b`, 'i');
const ASKS_APPROVAL = /\b(?:approv\w*|sign[-\s]?off|green[-\s]?light|lgtm|review|objections?)\b/i;
const WOULD_FIX = /\b(?:should|would|will|could|might)\s+(?:fix|solve|resolve|stop|mitigate|cure)\b/i;
const ACTION_ANYWHERE = new RegExp(String.raw`\b${ACTION}\b`, 'i');
const PROPOSAL_MARK = /^(?:proposal|proposed\s+(?:fix|mitigation|change|plan|remediation)|fix|plan|mitigation|remediation|next\s+step|action)\s*[:\-\u2013\u2014]|\b(?:my\s+proposal|proposed\s+fix|i\s+propose)\b/i;

const THEORY = /\b(?:i\s+think|i\s+believe|i\s+suspect|i\s+reckon|i'm\s+(?:pretty\s+|fairly\s+)?(?:sure|convinced|confident)|my\s+(?:theory|hypothesis|guess|bet|money)|theory|hypothes[ie]s|could\s+(?:it|this|that)\s+be|might\s+be|may\s+be\s+(?:the|caused|because|due)|must\s+be|root[-\s]cause|(?:is|are|was|were)\s+causing|caused\s+by|because\s+of|due\s+to|looks\s+like|seems\s+(?:like|to\s+be)|culprit|to\s+blame|responsible\s+for|triggered\s+by|the\s+cause|smells\s+like|is\s+it\s+(?:the|because)|probably|likely|(?:maybe|perhaps)\s+(?:it's|it\s+is|the|a|an|because|due|caused)|broke|breaks|broken\s+by|(?:is|that's)\s+why|explains?|(?:is|are)\s+behind|the\s+problem\s+is|is\s+the\s+problem|started\s+(?:when|after|with))\b/i;
const ASSERTS = /\b(?:i\s+(?:think|believe|suspect|reckon)|my\s+(?:theory|hypothesis|guess|bet)|could\s+(?:it|this|that)\s+be|looks\s+like|is\s+it\s+(?:the|because))\b/i;
const OPEN_CAUSE = [
  /\b(?:what|why|who|how\s+come)\b[^.?!]*\b(?:going\s+on|happening|(?:root[-\s])?cause|causing|behind|wrong|broken|down|to\s+blame|responsible|you\s+(?:think|suspect|reckon))\b/i,
  /\bany\s+(?:ideas?|theories|thoughts|hunch(?:es)?|guesses|clue)\b/i,
];

/** The message without the leading `@dan`, `<@U123>` or `Dan:` that addresses someone. */
export function stripAddress(text: string): string {
  let rest = normalise(text).trim();
  for (;;) {
    const m = /^(?:<@[A-Z0-9]+(?:\|[^>]*)?>|@[a-z][\w.-]*|([a-z][\w.-]*)\s*[,:])\s*/i.exec(rest);
    if (!m || (m[1] !== undefined && MARKERS.has(m[1].toLowerCase()))) return rest;
    rest = rest.slice(m[0].length);
  }
}

/** An open question about the cause ("what do you think is going on?"), not a theory of one's own. */
export function isOpenCauseQuestion(text: string): boolean {
  const body = stripAddress(text);
  return !ASSERTS.test(body) && OPEN_CAUSE.some((re) => re.test(body));
}

function proposesFix(body: string): boolean {
  if (PROPOSAL_MARK.test(body) || PROPOSES.test(body) || IMPERATIVE.test(body)) return true;
  return (ASKS_APPROVAL.test(body) || WOULD_FIX.test(body)) && ACTION_ANYWHERE.test(body);
}

/**
 * What a message is: a status update, a fix proposal, a theory, small talk or a question,
 * checked in that order. A proposal beats a theory ("I think we should roll back"), a theory
 * beats a question ("I think it's X, does that make sense?"), and anything addressed that is
 * none of these is a question: someone wrote to a coworker and expects an answer.
 */
export function classifyIntent(text: string): Intent {
  const body = stripAddress(text);
  const topics = topicsOf(body);
  if (body.length === 0) return { kind: 'smalltalk', topics };
  if (STATUS.test(body)) return { kind: 'status', topics };
  if (proposesFix(body)) return { kind: 'fix', topics };
  if (isOpenCauseQuestion(body)) return { kind: 'question', topics };
  if (THEORY.test(body)) return { kind: 'theory', topics };
  const short = body.split(/\s+/).length <= 6;
  if (SMALLTALK.test(body) && short && topics.length === 0 && !body.includes('?')) return { kind: 'smalltalk', topics };
  return { kind: 'question', topics };
}

/**
 * Persona handles a message addresses in plain text: `@dan` anywhere, or `dan,` / `Dan:` /
 * `hi dan` at the start. Slack's own mentions (`<@U…>`) are resolved by the caller.
 */
export function addressedPersonas(text: string, handles: readonly string[]): string[] {
  const known = new Map(handles.map((h) => [h.toLowerCase(), h]));
  const found: { at: number; handle: string }[] = [];
  const add = (raw: string | undefined, at: number) => {
    const handle = known.get((raw ?? '').replace(/[.-]+$/, '').toLowerCase());
    if (handle) found.push({ at, handle });
  };
  const t = normalise(text);
  for (const m of t.matchAll(/(?<![\w@.])@([a-z][\w.-]*)/gi)) add(m[1], m.index);
  const lead = new RegExp(`^\\s*(?:${GREETING}[\\s,]+([a-z][\\w.-]*)\\b|([a-z][\\w.-]*)\\s*[,:])`, 'i').exec(t);
  if (lead) add(lead[1] ?? lead[2], 0);
  found.sort((a, b) => a.at - b.at);
  return [...new Set(found.map((f) => f.handle))];
}
