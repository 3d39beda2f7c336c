import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallResult, DeskBackend } from '../../bot/desk/backend.js';
import type { Caller } from '../../bot/desk/registry/tool.js';
import { AgentStop, connectAgent, type AgentSession } from './agents/mcp-agent.js';
import { BUDGET_EXHAUSTED, createBudgetBackend, serveAgent } from './bridge.js';

/** A desk that answers every call with its number and keeps who called: enough to see what the budget lets through. */
function recordingDesk() {
  const calls: Array<{ name: string; args: unknown; caller: Caller }> = [];
  const desk: DeskBackend = {
    listTools: async () => [],
    briefing: async () => ({ scenario: 'demo', title: 'Demo', run: 'run-1', injectedAt: '2026-11-30T08:00:00.000Z', channel: 'incidents', text: 'The demo is down.', times: {} }),
    async callTool(name, args, caller): Promise<CallResult> {
      calls.push({ name, args, caller });
      return name === 'broken_tool'
        ? { ok: false, seq: calls.length, error: { code: 'unknown_tool', message: 'no such tool' } }
        : { ok: true, seq: calls.length, result: { n: calls.length } };
    },
  };
  return { desk, calls };
}

/** The agent's side and the game's side of its stdio, joined in memory. */
async function bridged(maxSteps: number) {
  const { desk, calls } = recordingDesk();
  let exhaustedCalls = 0;
  const budget = createBudgetBackend(desk, { maxSteps, agentName: 'reference', onExhausted: () => (exhaustedCalls += 1) });
  const agentOut = new PassThrough();
  const agentIn = new PassThrough();
  const server = await serveAgent(budget, { fromAgent: agentOut, toAgent: agentIn }, { version: 'test' });
  const session = await connectAgent('some-client-name', { input: agentIn, output: agentOut });
  open.push({ close: async () => { await session.close(); await server.close(); } });
  return { session, budget, calls, exhausted: () => exhaustedCalls };
}

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

const query = (s: AgentSession) => s.call<{ n: number }>('prometheus_query', { query: 'up' });

describe('the budget bridge', () => {
  it('passes calls to the desk as agent:<name> over mcp-stdio, whatever the MCP client calls itself, and counts them', async () => {
    const b = await bridged(5);
    expect(await query(b.session)).toEqual({ ok: true, result: { n: 1 } });
    expect(await b.session.call('broken_tool', {})).toEqual({ ok: false, error: { code: 'unknown_tool', message: 'no such tool' } });
    expect(b.calls.map((c) => c.caller)).toEqual([
      { kind: 'agent', name: 'reference', via: 'mcp-stdio' },
      { kind: 'agent', name: 'reference', via: 'mcp-stdio' },
    ]);
    expect(b.calls[0]?.args).toEqual({ query: 'up' });
    expect(b.budget.steps()).toBe(2);
    expect(b.budget.exhausted()).toBe(false);
  });

  it('answers the call past the budget with budget_exhausted, without reaching the desk, and says so once', async () => {
    const b = await bridged(2);
    await query(b.session);
    await query(b.session);
    await expect(query(b.session)).rejects.toBeInstanceOf(AgentStop);
    await expect(query(b.session)).rejects.toMatchObject({ code: BUDGET_EXHAUSTED, message: expect.stringContaining('budget of 2 tool calls') });
    expect(b.calls).toHaveLength(2);
    expect(b.budget.steps()).toBe(2);
    expect(b.budget.exhausted()).toBe(true);
    expect(b.exhausted()).toBe(1);
  });

  it('does not count the briefing or the tool list', async () => {
    const b = await bridged(1);
    expect(await b.session.briefing()).toBe('The demo is down.');
    expect(b.budget.steps()).toBe(0);
    expect(await query(b.session)).toMatchObject({ ok: true });
  });
});
