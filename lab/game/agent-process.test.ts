import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallResult, DeskBackend } from '../../bot/desk/backend.js';
import { alive } from '../cli/lab.js';
import { repoRoot } from '../paths.js';
import { runAgent, type AgentRun } from './agent-process.js';

const root = repoRoot();
const desk: DeskBackend = {
  listTools: async () => [],
  briefing: async () => ({ scenario: undefined, title: undefined, run: undefined, injectedAt: undefined, channel: 'incidents', text: 'none', times: {} }),
  callTool: async (): Promise<CallResult> => ({ ok: true, seq: 1, result: { fine: true } }),
};

function run(command: string, over: Partial<AgentRun> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'fd-game-agent-'));
  const logFile = join(dir, 'agent.log');
  const { env, ...rest } = over;
  const result = runAgent({ command, cwd: root, env: { PATH: process.env.PATH ?? '', ...env }, desk, agentName: 'test', maxSteps: 10, timeoutMs: 20_000, logFile, version: 'test', ...rest });
  return { result, log: () => readFileSync(logFile, 'utf8') };
}


/** An MCP client that calls a tool three times, reports what it got on stderr, then waits to be stopped. */
const THREE_CALLS = `
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
const c = new Client({ name: 'three', version: '1' });
await c.connect(new StdioServerTransport(process.stdin, process.stdout));
const got = [];
for (let i = 0; i < 3; i += 1) {
  const r = await c.callTool({ name: 'prometheus_query', arguments: { query: 'up' } });
  got.push(r.isError ? JSON.parse(r.content[0].text).error.code : 'ok');
}
process.stderr.write('got ' + JSON.stringify(got) + '\\n');
setInterval(() => {}, 1000);
`;

describe('runAgent', () => {
  it('reports an agent that exits 0 as completed, and one that fails as agent_failed', async () => {
    expect(await run('exit 0').result).toMatchObject({ outcome: 'completed', exitCode: 0, steps: 0 });
    expect(await run('echo broken >&2; exit 3').result).toMatchObject({ outcome: 'agent_failed', exitCode: 3 });
  });

  it('kills the whole process group at the timeout', async () => {
    const r = run('sleep 30 & echo $! >&2; sleep 30', { timeoutMs: 400 });
    const out = await r.result;
    expect(out.outcome).toBe('timeout');
    const grandchild = Number(r.log().trim().split('\n')[0]);
    expect(grandchild).toBeGreaterThan(0);
    // SIGKILL follows SIGTERM after a grace; the group is gone once runAgent returns or very soon after.
    await expect.poll(() => alive(grandchild), { timeout: 5000 }).toBe(false);
  });

  it('ends the run when the budget is spent: the agent gets budget_exhausted, then is stopped', async () => {
    const r = run('node --input-type=module -e "$AGENT"', { maxSteps: 2, env: { AGENT: THREE_CALLS } });
    const out = await r.result;
    expect(out).toMatchObject({ outcome: 'budget_exhausted', steps: 2 });
    expect(r.log()).toContain('got ["ok","ok","budget_exhausted"]');
  });

  it('gives the agent the environment it is handed', async () => {
    const r = run('test "$FIREDRILL_RUN" = game-1', { env: { FIREDRILL_RUN: 'game-1' } });
    expect((await r.result).outcome).toBe('completed');
  });
});
