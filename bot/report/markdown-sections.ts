import { duration, sinceInjection, utcClock } from './clock.js';
import { money } from './impact.js';
import { cell, code, fenced, inline, section, table } from './md.js';
import { WEIGHTS_SUM } from './score-items.js';
import type { ReportModel } from './markdown.js';

const when = (at: string | undefined, injectedAt: string): [string, string] =>
  at === undefined ? ['—', '—'] : [utcClock(at), sinceInjection(at, injectedAt)];

const plusSeconds = (iso: string, s: number | undefined): string | undefined =>
  s === undefined ? undefined : new Date(Date.parse(iso) + s * 1000).toISOString();

export function timesSection(m: ReportModel): string {
  const s = m.scorecard;
  const at = m.run.injectedAt;
  const mitigation = s.mitigatedBy ? `${s.mitigatedBy.tool}${s.mitigatedBy.target ? ` ${s.mitigatedBy.target}` : ''} (seq ${s.mitigatedBy.seq})` : s.mitigated ? 'steady state holds; no change of the investigator credited' : 'not mitigated when the report was built';
  return section('Detection, response and recovery', table(['moment', 'time', 'after injection', 'what'], [
    ['injected', ...when(at, at), m.scenario.summary],
    ['detected (paged)', ...when(plusSeconds(at, s.timeToDetectS), at), s.timeToDetectS === undefined ? 'never paged' : `time to detect ${duration(s.timeToDetectS)}`],
    ['first response', ...when(plusSeconds(at, s.timeToRespondS), at), s.timeToRespondS === undefined ? 'no call or message by the investigator' : `time to respond ${duration(s.timeToRespondS)}`],
    ['mitigated', ...when(s.mitigatedBy?.at, at), `${mitigation}${s.timeToMitigateS === undefined ? '' : `; time to mitigate ${duration(s.timeToMitigateS)}`}`],
    ['report submitted', ...when(m.submittedAt, at), m.submittedBy ?? (m.submission ? '' : 'no report')],
  ]));
}

export function impactSection(m: ReportModel): string {
  const { impact, scorecard } = m;
  const inputs = (r: Record<string, number>) => Object.entries(r).map(([k, v]) => `${k} = ${v}`).join(', ');
  const rows = impact.lines.map((l) => [l.name, l.formula, inputs(l.inputs), money(l.cents)]);
  const est = scorecard.impactEstimate;
  const estimate = est.estimatedCents === undefined ? 'The report gave no money estimate.'
    : `The report estimated ${money(est.estimatedCents)} (lost revenue + other cost) against ${money(est.actualCents)} computed${est.ratio === undefined ? '' : `: ×${Math.round(est.ratio * 100) / 100} of it`}.`;
  const theirs = m.submission?.impactEstimate?.notes ? `Their notes: ${inline(m.submission.impactEstimate.notes)}` : '';
  return section('Business impact', 'Computed from the lab\'s own figures (the traffic driver\'s sessions and orders, the partners\' ground truth):',
    table(['line', 'formula', 'inputs', 'amount'], [...rows, ['**total**', '', '', `**${money(impact.totalCents)}**`]]),
    estimate, theirs, m.scenario.impact.notes ? `Scenario notes: ${m.scenario.impact.notes}` : '');
}

export function rootCauseSection(m: ReportModel): string {
  const r = m.submission;
  const rc = m.scenario.truth.rootCause;
  const theirs = r
    ? [`- **Component:** ${inline(r.rootCause.component)}`, `- **Change:** ${inline(r.rootCause.change)}`, `- **Mechanism (their causal chain):** ${inline(r.rootCause.mechanism)}`,
      ...(r.rootCauseText ? [`- **In their words:** ${inline(r.rootCauseText)}`] : [])].join('\n')
    : '_No report was submitted._';
  const truth = [`- **Component:** ${rc.component}`, `- **Change:** ${rc.change}`, `- **Mechanism:** ${rc.mechanism}`, '', 'Causal chain:', '',
    ...m.scenario.truth.causalChain.map((step, i) => `${i + 1}. ${step}`)].join('\n');
  const g = m.scorecard.rootCause;
  const graded = [`Score ${g.score} (${g.right ? 'right' : 'not right'}).`, `Named: ${g.matched.join('; ') || 'nothing'}.`,
    g.missed.length > 0 ? `Missed: ${g.missed.join('; ')}.` : '', g.blamed.length > 0 ? `Blamed a red herring: ${g.blamed.join('; ')}.` : ''].filter((s) => s !== '').join(' ');
  return section('Root cause', '### As reported', theirs, '### What happened (the scenario\'s truth)', truth, '### Graded', graded);
}

export function signalSection(m: ReportModel): string {
  const rows = m.hypotheses.map((h) => [
    h.name, h.truth, h.touches.length === 0 ? 'not examined' : `${h.touches.length} (${h.touches.map((t) => `#${t.seq}`).join(', ')})`,
    h.coworkers.map((c) => `@${c.persona}: ${c.verdict}`).join(', ') || '—', h.touches.length === 0 ? '—' : duration(h.timeSpentS), h.dismissedBy ?? '—',
  ]);
  const evidence = m.hypotheses.filter((h) => h.touches.length > 0).map((h) => [`**${cell(h.name)}**`,
    ...h.touches.map((t) => `  - #${t.seq} ${utcClock(t.at)} ${t.kind}: ${code(inline(t.what))} (${t.matched.join(', ')})`)].join('\n'));
  return section('Signal vs noise', table(['hypothesis', 'truth', 'touched (journal #)', 'coworkers said', 'time spent', 'dismissed by'], rows),
    evidence.length > 0 ? `Evidence by hypothesis:\n\n${evidence.map((e) => `- ${e}`).join('\n')}` : '');
}

export function actionsSection(m: ReportModel): string {
  const r = m.submission;
  if (!r) return section('Resolution and prevention', '_No report was submitted._');
  const prevention = r.prevention.length === 0 ? '_None given._' : table(['action', 'owner'], r.prevention.map((p) => [p.action, p.owner ?? '— (no owner)']));
  return [section('Resolution', r.resolution), section('Prevention', prevention)].join('\n\n');
}

export function timelineSection(m: ReportModel): string {
  const rows = m.timeline.map((t) => {
    const head = `- \`${t.clock}\` ${t.sinceInjection} · **${t.kind}** · ${inline(t.who)} · `;
    if (t.kind === 'call') return `${head}${code(inline(t.what))} → ${t.ok ? 'ok' : 'failed'}: ${inline(t.text)} _(response: appendix #${t.seq})_`;
    return `${head}${inline(t.what)}: ${inline(t.text)}`;
  });
  const theirs = m.submission?.timeline ? `### As the investigator wrote it\n\n${fenced(m.submission.timeline)}` : '';
  return section('Timeline', theirs,
    `### The journal (#seq, desk clock, after injection; log times of skewed clocks corrected and flagged)\n\n${rows.join('\n') || '_Nothing journaled._'}`);
}

export function scorecardSection(m: ReportModel): string {
  const s = m.scorecard;
  const rows = s.items.map((i) => [i.name, String(i.points), String(i.max), i.detail]);
  const process = (s.process.details ?? []).map((d) => `- ${d.outcome === 'kept' ? 'kept' : '**broken**'} ${d.rule}: ${inline(d.reason)}`);
  return section(`Scorecard: ${s.total}/100`, table(['item', 'points', 'max', 'detail'], [...rows, ['**total**', `**${s.total}**`, '100', `the items' ${WEIGHTS_SUM} points scaled to 100, less hints`]]),
    `Steps ${s.steps} · tool calls ${s.toolCalls} · hints ${s.hints} · root cause ${s.rootCause.right ? 'right' : 'not right'} · ${s.mitigated ? 'mitigated' : 'not mitigated'}`,
    process.length > 0 ? `Process:\n\n${process.join('\n')}` : '');
}

export function appendixSection(m: ReportModel): string {
  const blocks = m.appendix.map((a) => `### #${a.seq} · ${utcClock(a.at)} · ${a.tool} · ${a.caller}\n\nArguments:\n\n${fenced(JSON.stringify(a.args ?? {}, null, 2), 'json')}\n\n${a.ok ? 'Response' : 'Error'}:\n\n${fenced(JSON.stringify(a.response, null, 2) ?? 'null', 'json')}`);
  return section('Appendix: complete tool responses', blocks.join('\n\n') || '_No tool calls._');
}
