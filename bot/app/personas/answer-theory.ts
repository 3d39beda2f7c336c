import { changeIdentifiers, matchTheory, type Truth } from './match.js';
import { escapeRegExp, mentions } from './phrase.js';
import { theirs, type Turn } from './turn.js';
import type { Reply, Verdict } from './types.js';
import { say } from './voice.js';

/**
 * A reason that dismisses a red herring, without naming the change the investigator has not
 * named yet: "starts right after the PERF-812 deploy" becomes "starts right after a recent
 * deploy". The reason stays true; only the answer is not handed over.
 */
export function withheld(reason: string, truth: Truth, theory: string): string {
  let out = reason.replace(/[.\s]+$/, '');
  for (const id of changeIdentifiers(truth)) {
    if (mentions(theory, id)) continue;
    const re = new RegExp(String.raw`\b(?:the\s+|a\s+)?${escapeRegExp(id)}(\s+(?:deploy|change|commit|rollout|release))?\b`, 'gi');
    out = out.replace(re, (_all: string, kind: string | undefined) => (kind ? `a recent${kind}` : 'a recent change'));
  }
  return out;
}

/**
 * A theory, judged against the scenario's truth with the persona's own live evidence.
 * Confirming, a persona without evidence of their own speaks of the chain in general terms
 * and names nothing the theory did not. A theory that names no known cause is challenged
 * with a request for data rather than a verdict.
 */
export async function answerTheory(turn: Turn): Promise<Reply> {
  const { persona, scenario, text, seed } = turn;
  const truth = scenario.truth;
  const m = matchTheory(text, truth);
  const lines: string[] = [];
  let verdict: Verdict = 'challenged';

  if (m.verdict === 'cause') {
    verdict = 'confirmed';
    lines.push(m.partial ? say.partly(seed) : say.confirm(seed));
    if (persona.suspects !== undefined) lines.push(say.converted(persona.suspects));
    const evidence = theirs(persona, truth.rootCause.evidence);
    if (evidence.length > 0) lines.push(...(await turn.facts(evidence)));
    else lines.push(say.fitsFromAfar(persona));
    if (m.partial) lines.push(say.partlyMore);
  } else if (m.herring) {
    const herring = m.herring;
    verdict = m.verdict === 'symptom' ? 'symptom' : 'challenged';
    lines.push(m.verdict === 'symptom' ? say.symptom(seed) : say.unrelated(seed));
    if (persona.suspects === herring.name) lines.push(say.biased(herring.name));
    const evidence = theirs(persona, herring.evidence);
    if (evidence.length > 0) lines.push(...(await turn.facts(evidence)));
    lines.push(say.why(withheld(herring.dismissedBy, truth, text)));
  } else {
    lines.push(say.askData(seed), say.canPull(persona));
  }
  return { persona: persona.handle, text: lines.filter((l) => l.length > 0).join('\n'), verdict };
}
