import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createJournal } from '../journal/journal.js';
import { ToolError } from './errors.js';
import { createRegistry, MAX_ARGS_DEPTH, MAX_RESULT_CHARS, type RemediationGuard } from './registry.js';
import { defineTool } from './tool.js';

const echo = defineTool({
  name: 'echo_things', family: 'test', kind: 'read', description: 'Echo.',
  args: z.object({ text: z.string().describe('what to echo'), times: z.number().int().min(1).default(1), tags: z.array(z.string()).optional() }).strict(),
  run: async (a) => ({ echoed: a.text.repeat(a.times) }),
});
const failing = defineTool({
  name: 'find_thing', family: 'test', kind: 'read', description: 'Fails.',
  args: z.object({ name: z.string() }).strict(),
  run: async (a) => {
    throw new ToolError('unknown_thing', 404, `name: no thing "${a.name}"`, { field: 'name', valid: ['x'] });
  },
});
const flooding = defineTool({ name: 'flood_tool', family: 'test', kind: 'read', description: 'Unbounded.', args: z.object({}).strict(), run: async () => ({ text: 'x'.repeat(MAX_RESULT_CHARS) }) });
const broken = defineTool({ name: 'broken_tool', family: 'test', kind: 'read', description: 'Bug.', args: z.object({}).strict(), run: async () => { throw new Error('boom'); } });

function registry() {
  const journal = createJournal(join(mkdtempSync(join(tmpdir(), 'registry-')), 'j.jsonl'));
  return { journal, registry: createRegistry({ tools: [echo, failing, broken, flooding], journal, log: pino({ level: 'silent' }) }) };
}
const cli = { kind: 'cli' as const, via: 'cli' };

describe('the tool registry', () => {
  it('publishes each tool\'s arguments as JSON Schema with their descriptions', () => {
    const [d] = registry().registry.list();
    expect(d?.inputSchema).toMatchObject({ type: 'object', properties: { text: { type: 'string', description: 'what to echo' } }, required: ['text'] });
  });

  it('journals a call with its arguments, result and caller before answering', async () => {
    const { registry: r, journal } = registry();
    const out = await r.call('echo_things', { text: 'ab', times: 2 }, cli);
    expect(out).toMatchObject({ ok: true, result: { echoed: 'abab' } });
    expect(journal.read()).toEqual([expect.objectContaining({ seq: out.entry.seq, tool: 'echo_things', args: { text: 'ab', times: 2 }, caller: cli, ok: true, result: { echoed: 'abab' } })]);
  });

  it.each([
    [{ times: 2 }, 'text'],
    [{ text: 5 }, 'text'],
    [{ text: 'a', times: 0 }, 'times'],
    [{ text: 'a', tags: ['ok', 3] }, 'tags[1]'],
    [{ text: 'a', colour: 'red' }, 'colour'],
  ])('names the bad argument of %j (%s) and journals the failure', async (args, field) => {
    const { registry: r, journal } = registry();
    const out = await r.call('echo_things', args, cli);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.status).toBe(400);
    expect(out.error).toMatchObject({ code: 'invalid_arguments', field, valid: ['text', 'times', 'tags'] });
    expect(out.error.message).toContain(field);
    expect(journal.read()[0]).toMatchObject({ ok: false, error: { code: 'invalid_arguments', field } });
  });

  it('answers an unknown tool with the valid names, a tool\'s own error as it is, a bug as internal_error', async () => {
    const { registry: r } = registry();
    expect(await r.call('nope', {}, cli)).toMatchObject({ ok: false, status: 404, error: { code: 'unknown_tool', field: 'name', valid: ['echo_things', 'find_thing', 'broken_tool', 'flood_tool'] } });
    expect(await r.call('find_thing', { name: 'y' }, cli)).toMatchObject({ ok: false, status: 404, error: { code: 'unknown_thing', field: 'name', valid: ['x'] } });
    expect(await r.call('broken_tool', {}, cli)).toMatchObject({ ok: false, status: 500, error: { code: 'internal_error' } });
  });

  it('refuses arguments nested too deep to journal, and journals a note in their place', async () => {
    const { registry: r, journal } = registry();
    // JSON.parse takes this; JSON.stringify overflows the stack on it.
    const deep = JSON.parse(`{"text":${'['.repeat(10_000)}${']'.repeat(10_000)}}`) as unknown;
    expect(await r.call('echo_things', deep, cli)).toMatchObject({ ok: false, status: 400, error: { code: 'invalid_arguments', field: '(arguments)' } });
    const justDeepEnough = JSON.parse(`{"text":"a","tags":${'['.repeat(MAX_ARGS_DEPTH - 1)}${']'.repeat(MAX_ARGS_DEPTH - 1)}}`) as unknown;
    expect(await r.call('echo_things', justDeepEnough, cli)).toMatchObject({ ok: false, status: 400, error: { field: 'tags[0]' } });
    expect(journal.read().map((e) => e.seq)).toEqual([1, 2]);
    expect(journal.read()[0]).toMatchObject({ args: expect.stringContaining(`deeper than ${MAX_ARGS_DEPTH}`) });
  });

  it('answers result_too_large for an answer over the desk limit instead of journaling it', async () => {
    const { registry: r, journal } = registry();
    expect(await r.call('flood_tool', {}, cli)).toMatchObject({ ok: false, status: 500, error: { code: 'result_too_large' } });
    expect(JSON.stringify(journal.read()).length).toBeLessThan(10_000);
  });
});

describe('the remediation guard', () => {
  const change = defineTool({
    name: 'change_thing', family: 'test', kind: 'remediation', description: 'Changes.',
    args: z.object({ name: z.string() }).strict(), run: async (a) => ({ changed: a.name }),
  });
  function guarded(refuse: boolean) {
    const journal = createJournal(join(mkdtempSync(join(tmpdir(), 'registry-')), 'j.jsonl'));
    const seen: Array<{ tool: string; args: unknown }> = [];
    const guard: RemediationGuard = (call) => {
      seen.push({ tool: call.tool, args: call.args });
      return {
        ...(refuse ? { refusal: new ToolError('process_blocked', 409, 'approval: not yet', { field: 'approval' }) } : {}),
        record: (ref) => journal.append({ type: 'game', event: 'process', rule: 'approval', outcome: refuse ? 'refused' : 'kept', text: 'x', ref }),
      };
    };
    return { journal, seen, registry: createRegistry({ tools: [echo, change], journal, log: pino({ level: 'silent' }), guard }) };
  }

  it('is asked only about remediations with valid arguments, and records after the call\'s own entry', async () => {
    const { registry: r, journal, seen } = guarded(false);
    await r.call('echo_things', { text: 'a' }, cli);
    await r.call('change_thing', { nam: 'x' }, cli);
    const out = await r.call('change_thing', { name: 'x' }, cli);
    expect(out).toMatchObject({ ok: true, result: { changed: 'x' } });
    expect(seen).toEqual([{ tool: 'change_thing', args: { name: 'x' } }]);
    expect(journal.read().slice(-2)).toEqual([expect.objectContaining({ seq: out.entry.seq, type: 'call' }), expect.objectContaining({ type: 'game', ref: out.entry.seq })]);
  });

  it('a refusal stops the tool and is journaled as the call\'s failure', async () => {
    const { registry: r, journal } = guarded(true);
    const out = await r.call('change_thing', { name: 'x' }, cli);
    expect(out).toMatchObject({ ok: false, status: 409, error: { code: 'process_blocked', field: 'approval', message: 'approval: not yet' } });
    expect(journal.read()).toEqual([
      expect.objectContaining({ type: 'call', ok: false, error: expect.objectContaining({ code: 'process_blocked' }) }),
      expect.objectContaining({ type: 'game', outcome: 'refused', ref: out.entry.seq }),
    ]);
  });
});
