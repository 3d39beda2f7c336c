import type { Scenario } from '../../chaos/scenario/schema.js';
import { sinceInjection, utcClock } from './clock.js';
import { actionsSection, appendixSection, impactSection, rootCauseSection, scorecardSection, signalSection, timelineSection, timesSection } from './markdown-sections.js';
import { section } from './md.js';
import type { AppendixEntry, Hypothesis, Impact, IncidentReport, ReportInputs, Scorecard, TimelineEntry } from './types.js';

/** Everything the report says, already computed: rendering decides nothing. */
export interface ReportModel {
  scenario: Scenario;
  run: ReportInputs['run'];
  submission: IncidentReport | undefined;
  submittedAt: string | undefined;
  submittedBy: string | undefined;
  impact: Impact;
  scorecard: Scorecard;
  timeline: TimelineEntry[];
  hypotheses: Hypothesis[];
  appendix: AppendixEntry[];
}

function header(m: ReportModel): string {
  const by = m.submittedAt === undefined
    ? 'No report was submitted; this one is built from the journal and the lab.'
    : `Submitted by ${m.submittedBy ?? m.scorecard.by} at ${utcClock(m.submittedAt)} (${sinceInjection(m.submittedAt, m.run.injectedAt)} after injection).`;
  return [
    `# ${m.scenario.title} — incident report, run ${m.run.id}`,
    `Scenario \`${m.scenario.name}\` (${m.scenario.difficulty}) · injected ${m.run.injectedAt} · score **${m.scorecard.total}/100** · root cause ${m.scorecard.rootCause.right ? 'right' : 'not right'} · ${m.scorecard.mitigated ? 'mitigated' : 'not mitigated'}`,
    by,
  ].join('\n\n');
}

/** The report as a person reads it: conclusions first, the evidence after, every response at the end. */
export function renderMarkdown(m: ReportModel): string {
  return `${[
    header(m),
    section('Summary', m.submission?.summary ?? '_No summary: no report was submitted._'),
    timesSection(m),
    impactSection(m),
    rootCauseSection(m),
    signalSection(m),
    actionsSection(m),
    timelineSection(m),
    scorecardSection(m),
    appendixSection(m),
  ].join('\n\n')}\n`;
}
