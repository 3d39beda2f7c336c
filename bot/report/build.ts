import { traceHypotheses } from './hypotheses.js';
import { computeImpact } from './impact.js';
import { gameOf } from './game.js';
import { renderMarkdown, type ReportModel } from './markdown.js';
import { scoreReport } from './scorecard.js';
import { buildAppendix, buildTimeline } from './timeline.js';
import type { BuiltReport, ReportInputs } from './types.js';

/** Bumped when the JSON's shape changes, so runs compared side by side know what they hold. */
export const REPORT_FORMAT = 1;

/**
 * The incident report and its scorecard from the game's journal, the scenario's truth, the
 * lab's live figures and the investigator's submission. Pure and deterministic: the same
 * inputs give the same Markdown and JSON, whoever played and however they reached the desk.
 */
export function buildReport(inputs: ReportInputs): BuiltReport {
  const entries = gameOf(inputs.journal);
  const impact = computeImpact(inputs.live, inputs.scenario.impact);
  const scorecard = scoreReport(inputs, impact);
  const model: ReportModel = {
    scenario: inputs.scenario, run: inputs.run,
    submission: inputs.submission, submittedAt: inputs.submittedAt, submittedBy: inputs.submittedBy,
    impact, scorecard,
    timeline: buildTimeline(entries, { injectedAt: inputs.run.injectedAt, skewedClocks: inputs.live.skewedClocks }),
    hypotheses: traceHypotheses(entries, inputs.scenario.truth),
    appendix: buildAppendix(entries),
  };
  const { truth } = inputs.scenario;
  return {
    markdown: renderMarkdown(model),
    json: {
      format: REPORT_FORMAT,
      scenario: { name: inputs.scenario.name, title: inputs.scenario.title, difficulty: inputs.scenario.difficulty },
      run: inputs.run,
      submittedAt: inputs.submittedAt ?? null, submittedBy: inputs.submittedBy ?? null, submission: inputs.submission ?? null,
      live: inputs.live,
      truth: { rootCause: truth.rootCause, causalChain: truth.causalChain, redHerrings: truth.redHerrings.map((h) => ({ name: h.name, verdict: h.verdict, dismissedBy: h.dismissedBy })) },
      impact, scorecard,
      hypotheses: model.hypotheses, timeline: model.timeline, appendix: model.appendix,
    },
    scorecard,
  };
}
