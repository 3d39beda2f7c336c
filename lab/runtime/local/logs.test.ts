import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLogLines } from './logs.js';

describe('readLogLines', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'logs-')), 'x.log');
  const at = (iso: string, msg: string) => JSON.stringify({ level: 30, time: iso, msg });
  writeFileSync(file, [at('2026-11-30T10:00:00.000Z', 'old'), 'plain text line', at('2026-11-30T10:05:00.000Z', 'new'), ''].join('\n'));
  const since = Date.parse('2026-11-30T10:01:00.000Z');

  it.each([
    ['epoch ms', since],
    ['epoch ms as text, as the control socket passes it', String(since)],
    ['an ISO time', '2026-11-30T10:01:00.000Z'],
  ])('keeps JSON lines at or after `since` given as %s, and plain lines', async (_what, value) => {
    const lines = await readLogLines(file, { since: value });
    expect(lines).toEqual(['plain text line', at('2026-11-30T10:05:00.000Z', 'new')]);
  });

  it('tails the newest lines and reads a missing file as empty', async () => {
    expect(await readLogLines(file, { tail: 1 })).toEqual([at('2026-11-30T10:05:00.000Z', 'new')]);
    expect(await readLogLines(join(file, 'nope'))).toEqual([]);
  });
});
