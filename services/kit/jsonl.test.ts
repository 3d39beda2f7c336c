import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJsonl, readJsonl } from './jsonl.js';

describe('JSONL records', () => {
  it('reads every whole line and skips a torn last one', () => {
    expect(parseJsonl<{ n: number }>('{"n":1}\n\n{"n":2}\n{"n":')).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('a missing file has no records; a directory is an error, not an empty journal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fd-jsonl-'));
    expect(readJsonl(join(dir, 'none.jsonl'))).toEqual([]);
    writeFileSync(join(dir, 'a.jsonl'), '{"a":true}\n');
    expect(readJsonl(join(dir, 'a.jsonl'))).toEqual([{ a: true }]);
    expect(() => readJsonl(dir)).toThrow(/EISDIR/);
  });
});
