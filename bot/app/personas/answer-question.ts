import { isOpenCauseQuestion } from './intent.js';
import { referrals, theirs, type Turn } from './turn.js';
import type { FactTopic, Reply } from './types.js';
import { say } from './voice.js';

// Enough to be useful when the question names no topic, short enough to read in a thread.
const DEFAULT_TOPICS = 2;

/**
 * A question: the live facts on the asked topics this persona watches, and who to ask for
 * the rest. Nothing asked in particular: their first topics and what they know. Asked what
 * is going on, a persona with a suspicion says so honestly (they do not know the truth is
 * otherwise until someone shows them); the engine is stateless, so they say it every time
 * they are asked openly, and confirm the moment someone brings them the real cause.
 */
export async function answerQuestion(turn: Turn): Promise<Reply> {
  const { persona, scenario, intent, seed } = turn;
  const asked = intent.topics;
  const mine = theirs(persona, asked);
  const elsewhere = asked.filter((t) => !persona.topics.includes(t));
  const lines: string[] = [];

  const suspected = isOpenCauseQuestion(turn.text) && persona.suspects !== undefined
    ? scenario.truth.redHerrings.find((h) => h.name === persona.suspects)
    : undefined;
  if (suspected) lines.push(say.suspect(suspected.name));

  let cite: FactTopic[] = mine;
  if (asked.length === 0) {
    const leaning = suspected ? theirs(persona, suspected.evidence) : [];
    cite = leaning.length > 0 ? leaning : persona.topics.slice(0, DEFAULT_TOPICS);
  }
  if (mine.length === 0 && elsewhere.length > 0) lines.push(say.notMine(persona, seed));
  if (cite.length > 0) lines.push(say.looked(seed), ...(await turn.facts(cite)));
  lines.push(...referrals(scenario, persona, elsewhere));
  if (mine.length === 0 && elsewhere.length > 0) lines.push(say.canPull(persona));
  if (asked.length === 0 && persona.knows.length > 0) lines.push(`What I know about: ${persona.knows.join('; ')}.`);
  const text = lines.filter((l) => l.length > 0).join('\n');
  return { persona: persona.handle, text: text || say.nothingToSee(persona), verdict: 'answered' };
}
