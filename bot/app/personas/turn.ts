import type { Scenario } from '../../../chaos/scenario/schema.js';
import type { Fact, FactSource, FactTopic, Intent, Persona } from './types.js';
import { at, list } from './voice.js';

/** One persona answering one message: everything an answer needs, nothing from Slack. */
export interface Turn {
  scenario: Scenario;
  persona: Persona;
  text: string;
  intent: Intent;
  /** Chooses wording variants (voice.ts). */
  seed: number;
  /** The channel where fixes are proposed and approved. */
  incidentChannel: string;
  inIncidentChannel: boolean;
  /** The facts on these topics as reply lines, each summary verbatim. */
  facts(topics: readonly FactTopic[]): Promise<string[]>;
}

/**
 * A FactSource that looks each topic up at most once per message, however many personas
 * cite it, and turns a failed lookup into an honest line instead of a crash or a guess.
 */
export function createCitations(source: FactSource): (topics: readonly FactTopic[]) => Promise<string[]> {
  const seen = new Map<FactTopic, Promise<Fact | undefined>>();
  const lookUp = (topic: FactTopic) => {
    let found = seen.get(topic);
    if (!found) {
      found = source(topic).catch(() => undefined);
      seen.set(topic, found);
    }
    return found;
  };
  return async (topics) => {
    const facts = await Promise.all(topics.map(lookUp));
    return topics.map((topic, i) => {
      const fact = facts[i];
      return fact ? `\u2022 ${fact.summary}` : `\u2022 _I can't pull up ${topic} right now._`;
    });
  };
}

export const approversOf = (s: Scenario): Persona[] => s.personas.filter((p) => p.approves);

/** Who else watches this topic. */
export const coveredBy = (s: Scenario, topic: FactTopic, except: string): Persona | undefined =>
  s.personas.find((p) => p.handle !== except && p.topics.includes(topic));

/** "For deploys and infra, ask @kevin." lines for topics this persona does not watch. */
export function referrals(s: Scenario, persona: Persona, topics: readonly FactTopic[]): string[] {
  const byHandle = new Map<string, FactTopic[]>();
  const nobody: FactTopic[] = [];
  for (const topic of topics) {
    const other = coveredBy(s, topic, persona.handle);
    if (!other) nobody.push(topic);
    else byHandle.set(other.handle, [...(byHandle.get(other.handle) ?? []), topic]);
  }
  const lines = [...byHandle].map(([handle, ts]) => `For ${list(ts)}, ask ${at(handle)}.`);
  if (nobody.length > 0) lines.push(`Nobody here watches ${list(nobody)} live, I'm afraid; the desk's tools will have it.`);
  return lines;
}

/** Who is on this incident, for someone who asked a person who is not. */
export const roster = (s: Scenario): string => s.personas.map((p) => `${at(p.handle)} (${p.role})`).join(', ');

/** Topics in the scenario's order, without the ones this persona does not watch. */
export const theirs = (persona: Persona, topics: readonly FactTopic[]): FactTopic[] => topics.filter((t) => persona.topics.includes(t));
