import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freeStem } from './reports.js';

describe('report file names', () => {
  it('a report written in the same millisecond as another keeps both: -2, then -3', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fd-reports-'));
    const stem = join(dir, 'storefront-offline-2026-11-30T10-00-00-000Z');
    expect(freeStem(stem)).toBe(stem);
    writeFileSync(`${stem}.md`, '# first\n');
    expect(freeStem(stem)).toBe(`${stem}-2`);
    writeFileSync(`${stem}-2.json`, '{}\n');
    expect(freeStem(stem)).toBe(`${stem}-3`);
  });
});
