import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Readable, Writable } from 'node:stream';
import type { CallResult, DeskBackend } from '../../bot/desk/backend.js';
import { createMcpServer } from '../../bot/desk/transport/mcp-server.js';

export const BUDGET_EXHAUSTED = 'budget_exhausted';

/** A desk backend that plays one agent's game: its calls journaled as `agent:<name>`, and counted. */
export interface BudgetBackend extends DeskBackend {
  /** Tool calls made so far, refused ones included. */
  steps(): number;
  /** True once a call beyond the budget was refused. */
  exhausted(): boolean;
}

/**
 * Wraps the desk so every tool call counts against `maxSteps`; the call after the last one
 * is answered `budget_exhausted` (a tool error, as the desk's own errors are) and
 * `onExhausted` fires once, so the game can end the run. Calls carry the game's name for
 * the agent, whatever name its MCP client reports, so the journal and the report tell
 * runs apart.
 */
export function createBudgetBackend(inner: DeskBackend, opts: { maxSteps: number; agentName: string; onExhausted?: () => void }): BudgetBackend {
  let steps = 0;
  let exhausted = false;
  return {
    listTools: () => inner.listTools(),
    briefing: () => inner.briefing(),
    async callTool(name, args): Promise<CallResult> {
      if (exhausted || steps >= opts.maxSteps) {
        if (!exhausted) {
          exhausted = true;
          opts.onExhausted?.();
        }
        return { ok: false, seq: undefined, error: { code: BUDGET_EXHAUSTED, message: `the game's budget of ${opts.maxSteps} tool calls is spent; the run is over and is being scored` } };
      }
      steps += 1;
      return inner.callTool(name, args, { kind: 'agent', name: opts.agentName, via: 'mcp-stdio' });
    },
    steps: () => steps,
    exhausted: () => exhausted,
  };
}

/**
 * The game as the agent's MCP server: JSON-RPC read from the agent's stdout and answered
 * on its stdin, the desk's tools, prompt and resource behind it.
 */
export async function serveAgent(backend: DeskBackend, streams: { fromAgent: Readable; toAgent: Writable }, opts: { version: string; onError?: (err: Error) => void }): Promise<Server> {
  const server = createMcpServer(backend, { version: opts.version, via: 'mcp-stdio' });
  if (opts.onError) server.onerror = opts.onError;
  await server.connect(new StdioServerTransport(streams.fromAgent, streams.toAgent));
  return server;
}
