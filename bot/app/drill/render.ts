import { cellText, renderTable } from './table.js';
import { codeBlock, codeLine, context, createPage, escapeMrkdwn, FENCE_CHARS, fieldSections, fitEscaped, header, LIMITS, oneLine, section, type KnownBlock, type Page } from './blocks.js';
import { isSeriesResult, seriesRows } from './series.js';

/** Short enough to sit in a two-column field rather than a block of its own. */
const FIELD_CHARS = 150;
/** A long text or list of lines spans at most this many code blocks; the rest is counted. */
const TEXT_BLOCKS = 4;
/** Deeper than this, nested objects are shown as JSON rather than as dotted fields. */
const MAX_DEPTH = 2;
/** One log line in a code block; longer ones (stack traces, dumped bodies) are cut. */
const LINE_CHARS = 1000;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown) => v === null || v === undefined || ['string', 'number', 'boolean', 'bigint'].includes(typeof v);
const moreNote = (what: string) => context(`_(${what} — narrow the query)_`);

/** A value small enough for a field: a scalar, a short list of scalars, a flat little object. */
function fieldText(v: unknown): string | undefined {
  if (typeof v === 'string') return v.length <= FIELD_CHARS && !v.includes('\n') ? v || '(empty)' : undefined;
  if (v === null || v === undefined) return '—';
  if (isScalar(v)) return String(v);
  if (Array.isArray(v) && v.length === 0) return '(none)';
  const flat = (Array.isArray(v) && v.every(isScalar)) || (isPlainObject(v) && Object.values(v).every(isScalar));
  if (!flat) return undefined;
  const text = Array.isArray(v) ? v.map(cellText).join(', ') : Object.entries(v).map(([k, x]) => `${k}=${cellText(x)}`).join(', ');
  return text.length <= FIELD_CHARS ? text : undefined;
}

/** Lines in as many code blocks as the page and TEXT_BLOCKS allow; `tail` keeps the last (newest) ones. */
function renderLines(page: Page, title: string, raw: readonly string[], keep: 'head' | 'tail'): void {
  // Filled in the order lines are kept (newest first for a tail), shown in their own order.
  const ordered = keep === 'tail' ? [...raw].reverse() : raw;
  const budget = LIMITS.text - title.length - 1 - FENCE_CHARS;
  const maxBlocks = Math.max(1, Math.min(TEXT_BLOCKS, page.room() - 1));
  const chunks: string[][] = [[]];
  let used = 0;
  let shown = 0;
  for (const r of ordered) {
    const line = codeLine(r, LINE_CHARS);
    if (used + line.length + 1 > budget) {
      if (chunks.length >= maxBlocks) break;
      chunks.push([]);
      used = 0;
    }
    chunks[chunks.length - 1]?.push(line);
    used += line.length + 1;
    shown += 1;
  }
  const display = keep === 'tail' ? chunks.reverse().map((c) => c.reverse()) : chunks;
  const blocks = display.filter((c) => c.length > 0).map((c, i) => section(`${i === 0 && title ? `${title}\n` : ''}${codeBlock(c)}`));
  const left = raw.length - shown;
  page.add(...blocks, ...(left > 0 ? [moreNote(keep === 'tail' ? `${left} earlier lines` : `${left} more lines`)] : []));
}

/** A long text as code blocks, long lines broken so nothing is cut in the middle of a page. */
function renderText(page: Page, title: string, text: string): void {
  const lines = text.split('\n').flatMap((l) => (l.length <= LINE_CHARS ? [l] : (l.match(new RegExp(`.{1,${LINE_CHARS}}`, 'g')) ?? [])));
  renderLines(page, title, lines, 'head');
}

function renderRows(page: Page, title: string, rows: Array<Record<string, unknown>>): void {
  const table = renderTable(rows, LIMITS.text - title.length - 1);
  const notes = [
    ...(table.shown < rows.length ? [`${rows.length - table.shown} more rows — narrow the query`] : []),
    ...(table.droppedColumns.length > 0 ? [`columns left out: ${table.droppedColumns.join(', ')}`] : []),
  ];
  page.add(section(`${title}\n${table.text}`), ...(notes.length > 0 ? [context(fitEscaped(`(${notes.join('; ')})`, LIMITS.text))] : []));
}

function renderEntry(page: Page, label: string, v: unknown, depth: number): void {
  const title = `*${escapeMrkdwn(label)}*`;
  if (Array.isArray(v)) {
    if (v.every(isPlainObject)) renderRows(page, `${title} (${v.length})`, v);
    else renderLines(page, `${title} (${v.length})`, v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x) ?? '')), 'tail');
  } else if (typeof v === 'string') renderText(page, title, v);
  else if (isPlainObject(v) && depth < MAX_DEPTH) renderObject(page, v, label, depth + 1);
  else renderText(page, title, JSON.stringify(v, null, 2) ?? '');
}

function renderObject(page: Page, obj: Record<string, unknown>, prefix: string, depth: number): void {
  const view = isSeriesResult(obj) ? { ...obj, result: seriesRows(obj.result) } : obj;
  const fields: string[] = [];
  const rest: Array<[string, unknown]> = [];
  for (const [k, v] of Object.entries(view)) {
    const label = prefix ? `${prefix}.${k}` : k;
    const text = fieldText(v);
    if (text === undefined) rest.push([label, v]);
    else fields.push(`*${escapeMrkdwn(label)}*\n${fitEscaped(text, LIMITS.fieldText - label.length - 4)}`);
  }
  for (const s of fieldSections(fields)) page.add(s);
  for (const [label, v] of rest) renderEntry(page, label, v, depth);
}

/** `query=up tail=20`: what was asked, on one line. */
export function argsLine(args: Record<string, unknown>): string {
  const pairs = Object.entries(args).map(([k, v]) => `${k}=${typeof v === 'string' && /\s/.test(v) ? JSON.stringify(v) : cellText(v)}`);
  return oneLine(pairs.join(' '), 300);
}

/** The notification text: the tool and its first few plain facts. */
function summary(tool: string, result: unknown): string {
  if (Array.isArray(result)) return `${tool}: ${result.length} rows`;
  if (!isPlainObject(result)) return oneLine(`${tool}: ${cellText(result)}`, 300);
  const facts = Object.entries(result).flatMap(([k, v]) => (isScalar(v) ? [`${k}=${cellText(v)}`] : Array.isArray(v) ? [`${k}: ${v.length}`] : []));
  return oneLine(`${tool}: ${facts.slice(0, 6).join(', ')}`, 300);
}

export interface Rendered {
  text: string;
  blocks: KnownBlock[];
}

/**
 * A desk tool's answer as Block Kit the team can read in the channel: a header with the
 * tool, who asked what, scalar facts as fields, lists of objects as aligned tables, long
 * text and log lines in code blocks. Within Slack's limits (50 blocks, 3000 characters a
 * text, 10 fields a section); whatever is left out is counted, with a nudge to narrow the query.
 */
export function renderToolResult(input: { tool: string; args: Record<string, unknown>; result: unknown; by: string; seq?: number }): Rendered {
  const page = createPage();
  const asked = argsLine(input.args);
  const journal = input.seq === undefined ? '' : ` · journal #${input.seq}`;
  page.add(header(input.tool), context(fitEscaped(`asked by ${input.by}${asked ? ` · ${asked}` : ''}${journal}`, LIMITS.text)));
  const { result } = input;
  if (isPlainObject(result)) {
    if (Object.keys(result).length === 0) page.add(section('_(an empty answer)_'));
    else renderObject(page, result, '', 0);
  } else if (Array.isArray(result)) renderEntry(page, 'result', result, 0);
  else if (typeof result === 'string' && (result.length > FIELD_CHARS || result.includes('\n'))) renderText(page, '', result);
  else page.add(section(fitEscaped(cellText(result) || '(empty)', LIMITS.text)));
  const cut = page.omitted() > 0 ? context('_(the rest of the answer did not fit in one Slack message — narrow the query)_') : undefined;
  return { text: summary(input.tool, result), blocks: page.close(cut) };
}
