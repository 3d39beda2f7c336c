import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Readable, Writable } from 'node:stream';

export type ToolAnswer<T> = { ok: true; result: T } | { ok: false; error: { code: string; message: string } };

/** The game said no more: the step budget is spent. The agent stops where it is. */
export class AgentStop extends Error {
  readonly code = 'budget_exhausted';
  constructor(message: string) {
    super(message);
    this.name = 'AgentStop';
  }
}

export interface AgentSession {
  /** One desk tool; a tool error comes back as `ok: false`, budget_exhausted is thrown as AgentStop. */
  call<T>(tool: string, args: Record<string, unknown>): Promise<ToolAnswer<T>>;
  /** The incident briefing, from the MCP prompt the game serves. */
  briefing(): Promise<string>;
  close(): Promise<void>;
}

/** A remediation (a deploy) may take a while; the SDK's 60 s default would give up on it. */
const CALL_TIMEOUT_MS = 180_000;

/**
 * An MCP client over the agent's own stdio: the game that launched it is its server. The
 * SDK's StdioServerTransport is a plain Transport over two streams, so it serves a Client
 * as well as a Server.
 */
export async function connectAgent(name: string, streams: { input: Readable; output: Writable } = { input: process.stdin, output: process.stdout }): Promise<AgentSession> {
  return connectOver(name, new StdioServerTransport(streams.input, streams.output));
}

export async function connectOver(name: string, transport: Transport): Promise<AgentSession> {
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(transport);
  return {
    async call<T>(tool: string, args: Record<string, unknown>): Promise<ToolAnswer<T>> {
      const res = await client.callTool({ name: tool, arguments: args }, undefined, { timeout: CALL_TIMEOUT_MS });
      const first = Array.isArray(res.content) ? (res.content[0] as { type?: string; text?: string } | undefined) : undefined;
      const text = first?.type === 'text' ? first.text ?? '' : '';
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      if (res.isError === true) {
        const error = (body as { error?: { code?: string; message?: string } }).error;
        const out = { code: error?.code ?? 'tool_error', message: error?.message ?? String(text) };
        if (out.code === 'budget_exhausted') throw new AgentStop(out.message);
        return { ok: false, error: out };
      }
      return { ok: true, result: body as T };
    },
    async briefing() {
      const prompt = await client.getPrompt({ name: 'incident_briefing' });
      const content = prompt.messages[0]?.content;
      return content && content.type === 'text' ? content.text : '';
    },
    close: () => client.close(),
  };
}
