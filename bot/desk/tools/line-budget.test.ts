import { describe, expect, it } from 'vitest';
import { MAX_LINE_CHARS, MAX_LINES_CHARS, newestLines, newestWithin } from './line-budget.js';

describe('the line budget of a log answer', () => {
  it('keeps lines that fit as they are, with no truncated marker', () => {
    expect(newestLines(['a', 'b'])).toEqual({ lines: ['a', 'b'] });
  });

  it('cuts a long line and keeps the newest lines that fit, oldest first', () => {
    const long = 'x'.repeat(MAX_LINE_CHARS * 2);
    const many = Array.from({ length: MAX_LINES_CHARS / 1000 + 50 }, (_, i) => `${String(i).padStart(5, '0')}${'y'.repeat(995)}`);
    const out = newestLines([...many, long]);
    expect(out.lines.at(-1)).toBe(`${long.slice(0, MAX_LINE_CHARS)}…`);
    expect(out.lines.at(-2)).toBe(many.at(-1));
    expect(out.lines.join('').length).toBeLessThanOrEqual(MAX_LINES_CHARS);
    expect(out.truncated).toEqual({ lines: many.length + 1, shown: out.lines.length, shortened: 1 });
  });

  it('cuts the text of structured matches and keeps their other fields', () => {
    const out = newestWithin([{ service: 'orders', line: 'z'.repeat(MAX_LINE_CHARS + 1) }], (m) => m.line, (m, line) => ({ ...m, line }));
    expect(out.items).toEqual([{ service: 'orders', line: `${'z'.repeat(MAX_LINE_CHARS)}…` }]);
  });
});
