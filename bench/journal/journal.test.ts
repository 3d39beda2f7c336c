import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../lab/paths.js';
import { OFFLINE_REPORTS } from '../../bot/report/game-fixture.js';
import { liveFigures } from '../../bot/report/report-fixture.js';
import { writeSyntheticGame } from './journal.js';
import { buildReportFromJournal } from './report-build.js';
import { synthesizeGame } from './synth-game.js';

describe('the synthesized game', () => {
  it('has exactly the entries asked for, seq in order, the prepared entry naming the injection first', () => {
    const entries = synthesizeGame(500);
    expect(entries).toHaveLength(500);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    expect(entries[0]).toMatchObject({ type: 'game', event: 'prepared' });
    const kinds = new Set(entries.map((e) => (e.type === 'call' ? e.tool : e.type)));
    for (const kind of ['prometheus_query', 'logs_search', 'kubectl_logs', 'jira_get_issue', 'message', 'game', 'deploy_rollback']) expect(kinds).toContain(kind);
  });

  it('is a game the real report builder reads from the journal file: every call in the timeline and the appendix, scored', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'fd-bench-journal-'));
    const journal = writeSyntheticGame(stateDir, 120);
    const now = new Date('2026-11-30T10:00:00.000Z');
    const { built, timing } = buildReportFromJournal({
      root: repoRoot(), stateDir, journal, live: liveFigures(), now,
      submission: { report: OFFLINE_REPORTS.full, by: 'claude', at: now.toISOString() },
    });
    journal.close();
    const calls = journal.read().filter((e) => e.type === 'call');
    expect(timing.entries).toBe(120);
    const timeline = built.json.timeline as Array<{ seq: number; kind: string }>;
    expect(timeline.filter((t) => t.kind === 'call').map((t) => t.seq)).toEqual(calls.map((c) => c.seq));
    expect((built.json.appendix as unknown[]).length).toBe(calls.length);
    // The game's messages and verdicts reach the report's reasoning, not only its timeline.
    expect(built.scorecard.process.kept.length + built.scorecard.process.broken.length).toBeGreaterThan(0);
    expect(built.scorecard.rootCause.right).toBe(true);
    expect((built.json.hypotheses as Array<{ touches: unknown[] }>).some((h) => h.touches.length > 0)).toBe(true);
  });
});
