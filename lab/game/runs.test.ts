import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRunIndex, newGameId } from './runs.js';
import { formatRunList } from './table.js';

describe('the run index', () => {
  it('keeps each game in its latest state, oldest first, and knows the one running', () => {
    const index = createRunIndex(mkdtempSync(join(tmpdir(), 'fd-runs-')));
    const a = index.write({ id: 'game-a', scenario: 'forgotten-kill-switch', startedAt: '2026-11-30T08:00:00.000Z', by: 'agent:reference', status: 'starting' });
    index.write({ ...a, status: 'running', chaosRun: 'run-1' });
    expect(index.current()?.chaosRun).toBe('run-1');
    index.write({ ...a, status: 'ended', outcome: 'completed', steps: 23, endedAt: '2026-11-30T08:03:05.000Z', score: { total: 88, rootCauseRight: true, mitigated: true } });
    index.write({ id: 'game-b', scenario: 'forgotten-kill-switch', startedAt: '2026-11-30T08:05:00.000Z', by: 'agent:idle', status: 'running' });
    expect(index.list().map((r) => [r.id, r.status])).toEqual([['game-a', 'ended'], ['game-b', 'running']]);
    expect(index.current()?.id).toBe('game-b');

    const table = formatRunList(index.list()).trimEnd().split('\n');
    expect(table[0]).toMatch(/^GAME\s+SCENARIO\s+BY\s+STARTED \(UTC\)\s+LASTED\s+OUTCOME\s+STEPS\s+SCORE\s+ROOT CAUSE\s+MITIGATED$/);
    expect(table[1]).toMatch(/^game-a\s+forgotten-kill-switch\s+agent:reference\s+2026-11-30 08:00:00\s+3m05s\s+completed\s+23\s+88\s+yes\s+yes$/);
    expect(table[2]).toMatch(/^game-b .* running\s+-\s+-\s+-\s+-$/);
  });

  it('names games by time, sortable', () => {
    expect(newGameId(new Date('2026-11-30T08:15:02.123Z'))).toMatch(/^game-20261130T081502-[0-9a-f]{4}$/);
  });
});
