import { isGame, isInvestigatorCall } from '../coach/entries.js';
import { duration, secondsBetween } from './clock.js';
import { gameOf, investigatorEntries, investigatorName, remediationCheck } from './game.js';
import { money } from './impact.js';
import { isMitigated, mitigatingChange } from './mitigation.js';
import { judgeProcess } from './process-kept.js';
import { scoreRootCause } from './root-cause.js';
import { completeness, estimatePoints, estimateVsActual, HINT_PENALTY, round1, timePoints, totalOf, WEIGHTS } from './score-items.js';
import type { Impact, ReportInputs, Scorecard, ScoreItem } from './types.js';

/**
 * The game's score, from the journal, the lab's live figures and the submission alone, so
 * a person in Slack and an agent over MCP are scored alike. Without a submission the
 * report's items score nothing and the rest still counts: what was done was done.
 */
export function scoreReport(inputs: ReportInputs, impact: Impact): Scorecard {
  const { scenario, run, submission, live } = inputs;
  const entries = gameOf(inputs.journal);
  const process = judgeProcess(entries, remediationCheck(inputs));
  const rootCause = scoreRootCause(submission, scenario.truth);
  const mitigated = isMitigated(live.steady);
  // Changes after the report do not count: the probes were read for the report as submitted.
  const until = Date.parse(inputs.submittedAt ?? live.at);
  const mitigatedBy = mitigated ? mitigatingChange(entries, process.state, scenario.remedies, until) : undefined;
  // The pager's own time when it opened the incident; the journaled page when it could not be read.
  const pagedAt = live.pagedAt ?? entries.find((e) => isGame(e) && e.event === 'page')?.at;
  const timeToDetectS = secondsBetween(run.injectedAt, pagedAt);
  const timeToMitigateS = secondsBetween(run.injectedAt, mitigatedBy?.at);
  const timeToRespondS = secondsBetween(run.injectedAt, investigatorEntries(entries)[0]?.at);
  const hints = entries.filter((e) => isGame(e) && e.event === 'hint').length;
  const report = completeness(submission);
  const estimate = estimateVsActual(submission, impact.totalCents);
  const judged = process.kept.length + process.broken.length;

  const items: ScoreItem[] = [
    {
      name: 'root cause', max: WEIGHTS.rootCause, points: round1(WEIGHTS.rootCause * rootCause.score),
      detail: submission === undefined ? 'no report submitted'
        : [`named: ${rootCause.matched.join('; ') || 'nothing of the truth'}`, rootCause.missed.length > 0 ? `missed: ${rootCause.missed.join('; ')}` : '',
          rootCause.blamed.length > 0 ? `blamed a red herring: ${rootCause.blamed.join('; ')}` : ''].filter((s) => s !== '').join('. '),
    },
    {
      name: 'mitigated', max: WEIGHTS.mitigated, points: mitigated ? WEIGHTS.mitigated : 0,
      detail: live.steady.length === 0 ? 'the steady-state probes could not be read'
        : mitigated ? `all ${live.steady.length} steady-state probes pass` : `failing: ${live.steady.filter((p) => !p.ok).map((p) => `${p.name} (${p.detail})`).join('; ')}`,
    },
    {
      name: 'process', max: WEIGHTS.process, points: judged === 0 ? 0 : round1((WEIGHTS.process * process.kept.length) / judged),
      detail: judged === 0 ? 'nothing to judge: no steps, changes or report' : `kept: ${process.kept.join(', ') || 'none'}; broken: ${process.broken.join(', ') || 'none'}`,
    },
    {
      name: 'report completeness', max: WEIGHTS.completeness, points: round1(WEIGHTS.completeness * report.share),
      detail: submission === undefined ? 'no report submitted' : `has ${report.present.join(', ') || 'nothing'}${report.missing.length > 0 ? `; lacks ${report.missing.join(', ')}` : ''}`,
    },
    {
      name: 'impact estimate', max: WEIGHTS.impactEstimate, points: round1(estimatePoints(estimate.ratio)),
      detail: estimate.estimatedCents === undefined ? 'no money estimate'
        : `estimated ${money(estimate.estimatedCents)} against ${money(estimate.actualCents)}${estimate.ratio === undefined ? '' : ` (×${round1(estimate.ratio)})`}`,
    },
    {
      name: 'time to mitigate', max: WEIGHTS.time, points: round1(timePoints(timeToMitigateS)),
      detail: timeToMitigateS === undefined ? (mitigated ? 'mitigated, but by no change of the investigator\'s' : 'not mitigated')
        : `${duration(timeToMitigateS)} from injection (full points up to 15 min, none from 60 min)`,
    },
    { name: 'hints', max: 0, points: -HINT_PENALTY * hints, detail: `${hints} hint(s) taken, −${HINT_PENALTY} each` },
  ];

  return {
    scenario: scenario.name, run: run.id, by: inputs.submittedBy ?? investigatorName(entries) ?? 'nobody',
    rootCause, mitigated, timeToDetectS, timeToMitigateS, timeToRespondS, mitigatedBy,
    steps: process.state.steps, toolCalls: entries.filter(isInvestigatorCall).length, hints,
    process: { kept: process.kept, broken: process.broken, details: process.details },
    reportCompleteness: round1(report.share * 100) / 100, impactEstimate: estimate,
    items, total: totalOf(items),
  };
}
