import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJournal } from './journal.js';

const call = (tool: string) => ({ type: 'call' as const, tool, args: {}, caller: { kind: 'cli' as const, via: 'cli' }, ok: true, result: { n: 1 }, latencyMs: 1 });

describe('the desk journal', () => {
  it('numbers entries in file order and reads them back after a reopen', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'journal-')), 'j.jsonl');
    const j = createJournal(file);
    j.append(call('a'));
    j.append({ type: 'message', channel: 'C1', user: 'U1', text: 'hi', ts: '1.000001' });
    j.close();
    const again = createJournal(file);
    expect(again.append(call('b')).seq).toBe(3);
    expect(again.read().map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(again.read({ since: 1, limit: 1 }).map((e) => e.type)).toEqual(['message']);
    expect(readFileSync(file, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([1, 2, 3]);
    again.close();
  });

  it('skips a torn last line from a crash and starts the next entry on its own line', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'journal-')), 'j.jsonl');
    const j = createJournal(file);
    j.append(call('a'));
    j.close();
    appendFileSync(file, '{"seq":2,"type":"call","tool":"tor');
    const again = createJournal(file);
    const next = again.append(call('b'));
    expect(next.seq).toBe(2);
    expect(again.read().map((e) => (e.type === 'call' ? e.tool : ''))).toEqual(['a', 'b']);
    again.close();
  });

  it('leaves no gap in seq when an entry cannot be written', () => {
    const j = createJournal(join(mkdtempSync(join(tmpdir(), 'journal-')), 'j.jsonl'));
    j.append(call('a'));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => j.append({ ...call('b'), result: cyclic })).toThrow();
    expect(j.append(call('c')).seq).toBe(2);
    j.close();
  });
});
