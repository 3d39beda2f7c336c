import type { Scenario } from '../../../chaos/scenario/schema.js';
import { answerFix } from './answer-fix.js';
import { answerQuestion } from './answer-question.js';
import { answerTheory } from './answer-theory.js';
import { classifyIntent } from './intent.js';
import { approversOf, createCitations, roster, type Turn } from './turn.js';
import type { EngineContext, Incoming, Intent, Persona, Reply } from './types.js';
import { at, say, seedOf } from './voice.js';

const channelName = (c: string) => c.replace(/^#/, '').toLowerCase();

async function answer(turn: Turn): Promise<Reply> {
  const { persona, seed } = turn;
  switch (turn.intent.kind) {
    case 'question': return answerQuestion(turn);
    case 'theory': return answerTheory(turn);
    case 'fix': return answerFix(turn);
    case 'status': return { persona: persona.handle, text: say.ack(persona, seed), verdict: 'answered' };
    case 'smalltalk': return { persona: persona.handle, text: say.greet(persona, seed), verdict: 'answered' };
  }
}

/** Who answers: the addressed personas; nobody addressed, a fix proposal in the incident channel gets the first approver. */
function speakers(scenario: Scenario, intent: Intent, addressed: readonly string[], inIncidents: boolean): Persona[] {
  const known = addressed.flatMap((h) => scenario.personas.filter((p) => p.handle === h));
  if (known.length > 0) return known;
  const approver = approversOf(scenario)[0];
  return intent.kind === 'fix' && inIncidents && approver ? [approver] : [];
}

/**
 * The coworkers' answers to one message, in the order they were addressed. Deterministic
 * for the same message and facts. A message that addresses someone who is not on the
 * incident still gets an answer (who to ask instead), from the first approver or the first
 * persona. With no scenario at all, an addressed coworker only says no incident is on; with
 * the lab's default scenario but no game (`injectedAt` unset), questions get live answers
 * and theories or fixes the same "no incident" reply.
 */
export async function respond(ctx: EngineContext, msg: Incoming): Promise<Reply[]> {
  const text = msg.text ?? '';
  const addressed = [...new Set(msg.addressed.map((h) => h.replace(/^@/, '').toLowerCase()))];
  const scenario = ctx.scenario;
  if (!scenario) {
    const first = addressed[0];
    return first === undefined ? [] : [{ persona: first, text: say.noIncident, verdict: 'answered' }];
  }

  const intent = classifyIntent(text);
  const incidentChannel = channelName(scenario.briefing.channel);
  const inIncidentChannel = [incidentChannel, 'incidents'].includes(channelName(msg.channel));
  const facts = createCitations(ctx.facts);
  const replies: Reply[] = [];
  for (const persona of speakers(scenario, intent, addressed, inIncidentChannel)) {
    const seed = seedOf(msg.ts, persona.handle);
    // Between games the coworkers still answer questions from live data; there is nothing to theorise about or fix.
    if (ctx.injectedAt === undefined && (intent.kind === 'theory' || intent.kind === 'fix')) replies.push({ persona: persona.handle, text: say.noIncident, verdict: 'answered' });
    else replies.push(await answer({ scenario, persona, text, intent, seed, incidentChannel, inIncidentChannel, facts }));
  }

  const strangers = addressed.filter((h) => !scenario.personas.some((p) => p.handle === h));
  const guide = approversOf(scenario)[0] ?? scenario.personas[0];
  if (strangers.length > 0 && guide) {
    const note = `There's no ${strangers.map(at).join(' or ')} on this incident. You can ask ${roster(scenario)}.`;
    const own = replies.find((r) => r.persona === guide.handle);
    if (own) own.text = `${own.text}\n${note}`;
    else replies.push({ persona: guide.handle, text: note, verdict: 'answered' });
  }
  return replies;
}
