import { describe, expect, it } from 'vitest';
import { limitProblems, type KnownBlock } from './blocks.js';
import { renderToolResult } from './render.js';
import { renderToolError } from './render-error.js';
import { deskToolDescriptors } from '../../../test/support/drill-desk.js';

const tools = deskToolDescriptors();

/** Every mrkdwn or plain text in the blocks, in order. */
function texts(blocks: readonly KnownBlock[]): string[] {
  return blocks.flatMap((b) => {
    if (b.type === 'header') return [b.text.text];
    if (b.type === 'section') return [b.text?.text ?? '', ...(b.fields ?? []).map((f) => f.text)];
    if (b.type === 'context') return b.elements.flatMap((e) => ('text' in e && typeof e.text === 'string' ? [e.text] : []));
    return [];
  });
}
const all = (blocks: readonly KnownBlock[]) => texts(blocks).join('\n');
const render = (result: unknown, tool = 'some_tool') => renderToolResult({ tool, args: {}, result, by: 'alice' });

describe('renderToolResult', () => {
  it('heads the answer with the tool, who asked and what', () => {
    const out = renderToolResult({ tool: 'logs_get_service_logs', args: { service: 'orders', tail: 20, since: '15 m' }, result: { service: 'orders', matched: 0, lines: [] }, by: 'alice' });
    expect(out.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'logs_get_service_logs', emoji: true } });
    expect(texts(out.blocks)[1]).toBe('asked by alice · service=orders tail=20 since="15 m"');
    expect(out.blocks[2]).toMatchObject({ type: 'section', fields: [{ text: '*service*\norders' }, { text: '*matched*\n0' }, { text: '*lines*\n(none)' }] });
    expect(out.text).toBe('logs_get_service_logs: service=orders, matched=0, lines: 0');
  });

  it('puts a list of objects in an aligned table whose columns are the first rows\' keys', () => {
    const out = render({ total: 2, issues: [{ key: 'ORD-238', status: 'Open', assignee: 'alicia' }, { key: 'PERF-812', status: 'Done', assignee: 'dan', extra: 'x' }] });
    const table = texts(out.blocks).find((t) => t.startsWith('*issues* (2)'));
    expect(table).toBe(['*issues* (2)', '```', 'key       status  assignee  extra', 'ORD-238   Open    alicia', 'PERF-812  Done    dan       x', '```'].join('\n'));
  });

  it('cuts a long table within Slack\'s limits and says how many rows are left out', () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({ id: `row-${i}`, message: `<${i}> & more: pool exhausted while waiting for a connection `.repeat(3), n: i }));
    const out = render({ total: 500, rows });
    expect(limitProblems(out.blocks)).toEqual([]);
    const table = texts(out.blocks).find((t) => t.startsWith('*rows* (500)')) ?? '';
    const shown = table.split('\n').length - 4;
    expect(shown).toBeGreaterThan(10);
    expect(all(out.blocks)).toContain(`(${500 - shown} more rows — narrow the query)`);
    expect(table).toContain('&lt;0&gt; &amp; more');
    expect(table).not.toMatch(/<\d>/);
  });

  it('keeps within 50 blocks and 10 fields a section however big the answer, and says so', () => {
    const wide = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]));
    const many = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`list${i}`, [{ a: i }, { a: i + 1 }]]));
    for (const result of [wide, many]) {
      const out = render(result);
      expect(limitProblems(out.blocks)).toEqual([]);
      expect(out.blocks).toHaveLength(50);
      expect(all(out.blocks)).toContain('narrow the query');
    }
  });

  it('shows the newest log lines in code blocks and counts the earlier ones', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `{"level":40,"msg":"pool exhausted","i":${i}}`);
    const out = render({ pod: 'orders-1', lines });
    expect(limitProblems(out.blocks)).toEqual([]);
    const text = all(out.blocks);
    const code = texts(out.blocks).filter((t) => t.includes('```'));
    expect(code.length).toBeGreaterThan(1);
    expect(code[0]).toMatch(/^\*lines\* \(2000\)\n```\n/);
    expect(code.at(-1)).toMatch(/"i":1999}\n```$/);
    expect(text).not.toContain('"i":0}');
    // Oldest to newest, across blocks.
    const order = [...text.matchAll(/"i":(\d+)}/g)].map((m) => Number(m[1]));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(text).toMatch(/\(\d+ earlier lines — narrow the query\)/);
  });

  it('shows a long text in code blocks and breaks a fence inside it', () => {
    const body = `# Runbook\n\n\`\`\`\nkubectl get pods\n\`\`\`\n${'A long paragraph. '.repeat(400)}`;
    const out = render({ id: 'runbook-storefront-breaker', body });
    expect(limitProblems(out.blocks)).toEqual([]);
    const text = all(out.blocks);
    expect(text).toContain('*body*\n```\n# Runbook');
    expect(text).toContain('`\u200b``\nkubectl get pods');
  });

  it('tabulates Prometheus series by their labels and value', () => {
    const result = { resultType: 'vector', result: [
      { metric: { __name__: 'orders_pool_size', service: 'orders' }, value: [1764400000.5, '4'] },
      { metric: { __name__: 'orders_pool_size', service: 'orders-b' }, value: [1764400000.5, '0.333333333333'] },
    ] };
    const table = texts(render(result, 'prometheus_query').blocks).find((t) => t.startsWith('*result* (2)'));
    expect(table).toBe(['*result* (2)', '```', 'metric            service   value', 'orders_pool_size  orders    4', 'orders_pool_size  orders-b  0.333333', '```'].join('\n'));
  });

  it('summarises each series of a range by its points', () => {
    const result = { resultType: 'matrix', result: [{ metric: { state: 'open' }, values: [[1, '0'], [2, '1'], [3, '1']] }], step: '15s' };
    const table = texts(render(result, 'prometheus_query').blocks).find((t) => t.startsWith('*result* (1)'));
    expect(table).toContain('state  points  first  last  min  max\nopen   3       0      1     0    1');
  });
});

describe('renderToolError', () => {
  it('names the code, the argument and what is valid, with the tool\'s arguments for a bad call', () => {
    const descriptor = tools.find((t) => t.name === 'prometheus_query');
    const out = renderToolError({ tool: 'prometheus_query', descriptor, error: { code: 'invalid_arguments', message: 'prometheus_query: tail: unknown argument; prometheus_query takes query, time, start, end, step', field: 'tail', valid: ['query', 'time', 'start', 'end', 'step'] } });
    const text = all(out.blocks);
    expect(text).toContain(':warning: *prometheus_query* failed: `invalid_arguments`');
    expect(text).toContain('*Argument:* `tail`');
    expect(text).not.toContain('*Valid:*');
    expect(text).toContain('*prometheus_query takes:*\n• `query` (string, required) — ');
    expect(limitProblems(out.blocks)).toEqual([]);
  });

  it('lists what is valid for an unknown object, at most 30, without the tool\'s arguments', () => {
    const valid = Array.from({ length: 47 }, (_, i) => `service-${i}`);
    const out = renderToolError({ tool: 'wiki_get_page', descriptor: undefined, error: { code: 'unknown_page', message: 'page: no page "x"', field: 'page', valid } });
    expect(all(out.blocks)).toContain('*Valid:* `service-0`, `service-1`');
    expect(all(out.blocks)).toContain('`service-29` … (17 more)');
    expect(all(out.blocks)).not.toContain('takes:');
  });
});
