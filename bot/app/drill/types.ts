import type { Scenario } from '../../../chaos/scenario/schema.js';
import type { DeskBackend } from '../../desk/backend.js';
import type { JournalEntry } from '../../desk/journal/journal.js';
import type { KnownBlock } from './blocks.js';

export interface DrillInput {
  /** What followed `/drill`, as Slack sent it (&, < and > escaped). */
  text: string;
  userId: string;
  userName: string;
}

/** What the Bolt listener posts: `ephemeral` answers only the person who typed the command. */
export interface DrillAnswer {
  text: string;
  blocks: KnownBlock[];
  ephemeral: boolean;
}

export interface DrillDeps {
  desk: Pick<DeskBackend, 'listTools' | 'callTool' | 'briefing'>;
  /** The desk's journal, oldest first (`GET /journal`'s entries). */
  journal(): Promise<JournalEntry[]>;
  /** Writes a game entry through the desk (the journal's only writer). */
  record(entry: { event: 'hint'; who: string; text: string }): Promise<void>;
  /** The injected scenario pack by name; undefined when it cannot be loaded. */
  scenario(name: string): Scenario | undefined;
  now(): Date;
}
