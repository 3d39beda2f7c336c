import type { Scenario } from '../../chaos/scenario/schema.js';
import type { JournalEntry } from '../desk/journal/journal.js';
import type { IncidentReport } from '../desk/tools/report.js';

export type { IncidentReport };

/** One steady-state probe as checked at submission (chaos/runner/probes.ts's result). */
export interface ProbeResult {
  name: string;
  ok: boolean;
  detail: string;
}

/**
 * What the lab itself says, read when the report is built: the ground truth the impact
 * and the scorecard are computed from. Gathered by gather.ts; plain data here so the
 * builder stays pure and testable.
 */
export interface LiveFigures {
  /** When these were read (ISO). */
  at: string;
  /** Partners' ground truth: duplicate shipments (batches shipped again) and their items, per partner. */
  duplicates: Record<string, { duplicateShipments: number; duplicateItems: number }>;
  /** Shopper sessions the traffic driver saw fail (blocked + abandoned) between injection and now. */
  failedSessions: number;
  /** Completed checkouts and their value, from the traffic driver's real orders (for the average order value). */
  completedCheckouts: number;
  checkoutValueCents: number;
  /** The scenario's steady-state probes, checked now: all ok means mitigated for real. */
  steady: ProbeResult[];
  /** When the pager opened the scenario's alert's incident (ISO), if it did. */
  pagedAt: string | undefined;
  /** The seating service's log clock: how far ahead it runs and its UTC offset, to correct its times. */
  skewedClocks: SkewedClock[];
}

/** Everything the builder needs; `journal` is the game's entries (from its `prepared` entry on). */
export interface ReportInputs {
  scenario: Scenario;
  run: { id: string; injectedAt: string };
  journal: JournalEntry[];
  /**
   * The investigator's report (incident_submit_report's arguments) and when and by whom it
   * came; absent when a game ends without one (`game end`, an agent out of budget): the
   * scorecard then scores what was done, with the report's items at zero.
   */
  submission: IncidentReport | undefined;
  submittedAt: string | undefined;
  submittedBy: string | undefined;
  live: LiveFigures;
  /**
   * The desk's remediation tools (its catalogue's `kind: remediation`), which the process
   * rules and the time to mitigate are measured with; DESK_REMEDIATION_TOOLS when absent.
   */
  remediationTools?: readonly string[];
}

export interface ImpactLine {
  name: string;
  formula: string;
  inputs: Record<string, number>;
  cents: number;
}

export interface Impact {
  failedSessions: number;
  averageOrderValueCents: number;
  duplicateShipments: number;
  duplicateItems: number;
  lines: ImpactLine[];
  totalCents: number;
}

/** One process rule's outcome over the game, with the evidence or what was missing. */
export interface ProcessJudgement {
  rule: string;
  outcome: 'kept' | 'broken';
  reason: string;
}

/** One part of the score: what was measured, its points out of its weight, and why. */
export interface ScoreItem {
  name: string;
  points: number;
  max: number;
  detail: string;
}

export interface Scorecard {
  scenario: string;
  run: string;
  by: string;
  /** 0-1: component, change and each part of the mechanism named, against the scenario's truth. */
  rootCause: { score: number; right: boolean; matched: string[]; missed: string[]; blamed: string[] };
  /** All steady-state probes passed when the report was submitted. */
  mitigated: boolean;
  timeToDetectS: number | undefined;
  timeToMitigateS: number | undefined;
  /** From injection to the investigator's first call or message. */
  timeToRespondS?: number | undefined;
  /** The change credited with the mitigation (see mitigation.ts), when mitigated. */
  mitigatedBy?: { seq: number; at: string; tool: string; target?: string } | undefined;
  steps: number;
  toolCalls: number;
  hints: number;
  /** Rule names kept and broken; `details` says why for each. */
  process: { kept: string[]; broken: string[]; details?: ProcessJudgement[] };
  reportCompleteness: number;
  impactEstimate: { estimatedCents: number | undefined; actualCents: number; ratio: number | undefined };
  items: ScoreItem[];
  /** 0-100. */
  total: number;
}

/** One journal entry of the game on the desk's clock, as the report shows it. */
export interface TimelineEntry {
  seq: number;
  at: string;
  /** `HH:MM:SS UTC`. */
  clock: string;
  /** `+m:ss` after injection (`-m:ss` before it). */
  sinceInjection: string;
  kind: 'call' | 'message' | 'game';
  /** The caller, the persona (`@dan`) or person, or the game event's subject. */
  who: string;
  /** `tool {args}`, `#channel`, or the game event (`hint`, `process approval broken`). */
  what: string;
  /** The abridged response (≤ ABRIDGED_CHARS), the message's text, or the event's text. */
  text: string;
  ok?: boolean;
  /** Whether the abridged response holds log times of a skewed clock, shown corrected. */
  corrected?: boolean;
}

/** A tool call's complete response, for the report's appendix. */
export interface AppendixEntry {
  seq: number;
  at: string;
  tool: string;
  caller: string;
  args: unknown;
  ok: boolean;
  response: unknown;
}

/** A call or message that touched a hypothesis, and the words that tied it there. */
export interface HypothesisTouch {
  seq: number;
  at: string;
  kind: 'call' | 'message';
  what: string;
  matched: string[];
}

/** A hypothesis the game offers: the root cause or a red herring, and what the investigator did with it. */
export interface Hypothesis {
  name: string;
  truth: 'root cause' | 'symptom' | 'unrelated';
  /** For a red herring: the evidence that dismisses it. */
  dismissedBy?: string;
  touches: HypothesisTouch[];
  /** Coworkers' journaled verdicts on the investigator's messages about it. */
  coworkers: Array<{ seq: number; at: string; persona: string; verdict: string }>;
  firstAt?: string;
  lastAt?: string;
  /** First to last touch, in seconds (0 when untouched or touched once). */
  timeSpentS: number;
}

export interface BuiltReport {
  markdown: string;
  json: Record<string, unknown> & { scorecard: Scorecard; impact: Impact };
  scorecard: Scorecard;
}

/** A service whose host clock is off, as the lab runs it (the timestamps red herring). */
export interface SkewedClock {
  service: string;
  skewMs: number;
  utcOffsetMinutes: number;
}
