import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../chaos/scenario/load.js';
import { repoRoot } from '../../lab/paths.js';
import { buildReport } from './build.js';
import { OFFLINE_REPORTS, storefrontGame } from './game-fixture.js';
import { money } from './impact.js';
import { reportInputs } from './report-fixture.js';

const offline = loadScenario(repoRoot(), 'storefront-offline').scenario;

function built(withReport = true) {
  const report = withReport ? OFFLINE_REPORTS.full : undefined;
  const { j, submitted } = storefrontGame(report ? { report } : {});
  // An earlier game in the same journal must not leak into this one.
  const earlier = { seq: 0, at: '2026-11-29T10:00:00.000Z', type: 'call' as const, tool: 'wiki_search', args: { query: 'old game' }, caller: { kind: 'agent' as const, name: 'old', via: 'http' }, ok: true, result: {}, latencyMs: 1 };
  const inputs = reportInputs(offline, [earlier, ...j.entries], { submission: report, submittedAt: submitted?.at, submittedBy: report ? 'claude' : undefined });
  return { inputs, entries: j.entries, report: buildReport(inputs) };
}

describe('buildReport', () => {
  it('writes the report\'s sections in order, with times, impact formulas, hypotheses, the truth chain and the scorecard', () => {
    const { report } = built();
    const md = report.markdown;
    const headings = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(['Summary', 'Detection, response and recovery', 'Business impact', 'Root cause', 'Signal vs noise', 'Resolution', 'Prevention', 'Timeline',
      `Scorecard: ${report.scorecard.total}/100`, 'Appendix: complete tool responses']);
    expect(md.startsWith('# Storefront is offline — incident report, run run-1')).toBe(true);
    expect(md).toContain(`| **total** |  |  | **${money(report.json.impact.totalCents)}** |`);
    expect(md).toContain('failedSessions × averageOrderValueCents');
    expect(md).toContain('| the orders connection pool is too small | symptom |');
    expect(md).toContain('@alicia: symptom');
    for (const step of offline.truth.causalChain) expect(md).toContain(step);
    expect(md).toContain('| Make Idempotency-Key mandatory in the partner client | fulfillment team |');
    expect(md).toContain('| Alert on webhook timeouts | — (no owner) |');
    expect(md).toContain('(seating clock +97 s, corrected)');
    expect(md).not.toContain('old game');
  });

  it('puts every call\'s complete response in the appendix as JSON', () => {
    const { report, entries } = built();
    const appendix = report.markdown.slice(report.markdown.indexOf('## Appendix'));
    for (const e of entries) {
      if (e.type !== 'call') continue;
      expect(appendix).toContain(`### #${e.seq} · `);
      expect(appendix).toContain(JSON.stringify(e.result, null, 2));
    }
  });

  it('carries everything structured in the JSON, the same every time', () => {
    const { inputs, report } = built();
    expect(report.json).toMatchObject({ format: 1, scenario: { name: 'storefront-offline' }, run: { id: 'run-1' }, submittedBy: 'claude' });
    expect(report.json.scorecard).toBe(report.scorecard);
    expect(report.json.impact.totalCents).toBeGreaterThan(0);
    expect(Array.isArray(report.json.timeline) && Array.isArray(report.json.hypotheses) && Array.isArray(report.json.appendix)).toBe(true);
    expect(JSON.parse(JSON.stringify(report.json))).toEqual(JSON.parse(JSON.stringify(buildReport(inputs).json)));
    expect(buildReport(inputs).markdown).toBe(report.markdown);
  });

  it('still reports a game that ended without a report', () => {
    const { report } = built(false);
    expect(report.markdown).toContain('No report was submitted');
    expect(report.json.submission).toBeNull();
    expect(report.scorecard.rootCause.score).toBe(0);
  });
});
