import type { Intent as MessageIntent } from '../../coach/entries.js';
import type { FactTopic, Scenario } from '../../../chaos/scenario/schema.js';
import type { Verdict } from '../../desk/journal/journal.js';

export type { FactTopic, Verdict };

/**
 * One live fact a coworker looked up: a sentence to say, and the figures behind it (tests
 * compare these with the lab's own ground truth). Never invented: facts.ts reads the lab.
 */
export interface Fact {
  topic: FactTopic;
  /** What the persona says, in plain words with real numbers and times ("acme 12, bolt 9"). */
  summary: string;
  /** The figures the summary was made from. */
  data: Record<string, unknown>;
}

/** Looks one fact up in the running lab, now. */
export type FactSource = (topic: FactTopic) => Promise<Fact>;

export type IntentKind = MessageIntent;

/** What the intent engine read in a message. */
export interface Intent {
  kind: IntentKind;
  /** The live-data topics the message is about (duplicates, deploys, pool, ...). */
  topics: FactTopic[];
}

/** A message a person (or an agent) wrote, as the engine sees it: no Slack objects. */
export interface Incoming {
  text: string;
  /** Slack user id of the author. */
  user: string;
  /** Channel name without # ('incidents'), or 'dm' for a direct message to the bot. */
  channel: string;
  ts: string;
  threadTs?: string;
  /** Persona handles the message addresses: `@dan` in the text, a Slack mention, or the DM's persona. */
  addressed: string[];
}

/** What a persona says back, in the message's thread. */
export interface Reply {
  persona: string;
  text: string;
  /** answered (a question), confirmed / challenged / symptom (a theory), approved / questioned (a fix). */
  verdict: Verdict;
  /** A coworker approving a fix: which remedy and what it covers (the coach's gate reads this from the journal). */
  approval?: { fix: string; targets: string[] };
}

/** What the engine knows when it answers. */
export interface EngineContext {
  /** The injected scenario; undefined when no game is on (coworkers still answer from live data). */
  scenario: Scenario | undefined;
  facts: FactSource;
  /** When the current game's scenario was injected. */
  injectedAt: Date | undefined;
  now: Date;
}

export type Persona = Scenario['personas'][number];
