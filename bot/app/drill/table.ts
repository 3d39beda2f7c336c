import { codeBlock, codeLine, FENCE_CHARS, LIMITS } from './blocks.js';

/** Columns come from the first rows only: later rows rarely add keys, and the width stays stable. */
const SAMPLE_ROWS = 5;
const MAX_COLUMNS = 8;
/** Wider than this, Slack wraps a code block's lines on a laptop screen and the columns fall apart. */
const MAX_LINE = 110;
const MIN_CELL = 8;
const MAX_CELL = 48;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value as one short cell: nested objects as k=v pairs, lists comma-joined, newlines flattened. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.replace(/\s+/g, ' ').trim();
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return v.map(cellText).join(',');
  if (isPlainObject(v)) return Object.entries(v).map(([k, x]) => `${k}=${cellText(x)}`).join(',');
  return JSON.stringify(v) ?? '';
}

/** An ISO instant as `2026-11-30 14:02:09Z`: the same UTC time in 4 fewer columns. */
const compactTime = (s: string) => s.replace(/^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.\d+)?Z$/, '$1 $2Z');

const cut = (s: string, w: number) => (s.length <= w ? s : `${s.slice(0, Math.max(0, w - 1))}…`);

export interface TableText {
  /** A mrkdwn code block holding the aligned table, escaped. */
  text: string;
  /** Rows in it (the first ones). */
  shown: number;
  /** Keys of the first rows left out for width. */
  droppedColumns: string[];
}

/**
 * Rows of objects as an aligned plain-text table in one code block of at most `maxChars`
 * (Slack's 3000 by default, less what the caller puts before it): as many of the first rows
 * as fit, cells cut so a line stays readable without wrapping.
 */
export function renderTable(rows: readonly Record<string, unknown>[], maxChars: number = LIMITS.text): TableText {
  const keys: string[] = [];
  for (const row of rows.slice(0, SAMPLE_ROWS)) for (const k of Object.keys(row)) if (!keys.includes(k)) keys.push(k);
  const columns = keys.slice(0, MAX_COLUMNS);
  const cells = rows.map((r) => columns.map((c) => compactTime(cellText(r[c]))));
  // Widths from the rows that could possibly fit; a long header does not widen a column of
  // short values much, and the widest column gives way first.
  const candidates = cells.slice(0, Math.ceil(maxChars / 20));
  const widths = columns.map((c, i) => {
    const data = Math.max(0, ...candidates.map((r) => (r[i] ?? '').length));
    return Math.min(MAX_CELL, Math.max(data, Math.min(c.length, Math.max(data, MIN_CELL))));
  });
  const lineWidth = () => widths.reduce((a, b) => a + b, 0) + 2 * Math.max(0, widths.length - 1);
  while (lineWidth() > MAX_LINE) {
    const widest = widths.indexOf(Math.max(...widths));
    if ((widths[widest] ?? 0) <= MIN_CELL) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  const line = (values: readonly string[]) => codeLine(values.map((v, i) => cut(v, widths[i] ?? 0).padEnd(widths[i] ?? 0)).join('  ').trimEnd());
  const lines = [line(columns)];
  let used = FENCE_CHARS + (lines[0]?.length ?? 0);
  let shown = 0;
  for (const row of cells) {
    const l = line(row);
    if (used + 1 + l.length > maxChars) break;
    lines.push(l);
    used += 1 + l.length;
    shown += 1;
  }
  return { text: codeBlock(lines), shown, droppedColumns: keys.slice(MAX_COLUMNS) };
}
