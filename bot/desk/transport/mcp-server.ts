import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema, GetPromptRequestSchema, ListPromptsRequestSchema, ListResourcesRequestSchema, ListToolsRequestSchema, ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { DeskBackend } from '../backend.js';

export const BRIEFING_PROMPT = 'incident_briefing';
export const BRIEFING_URI = 'firedrill://briefing';

/**
 * The desk as an MCP server: tools from the backend's registry, and the incident briefing
 * as a prompt and a resource so an agent can start from it. The same server runs in the
 * desk (Streamable HTTP) and in `firedrill mcp` (stdio, backed by the running desk).
 */
export function createMcpServer(backend: DeskBackend, opts: { version: string; via: 'mcp-http' | 'mcp-stdio' }): Server {
  const server = new Server(
    { name: 'firedrill-desk', version: opts.version },
    {
      capabilities: { tools: {}, prompts: {}, resources: {} },
      instructions: `The firedrill desk: the on-call engineer's tools for the lab's incident. Read the prompt "${BRIEFING_PROMPT}" (or resource ${BRIEFING_URI}) first.`,
    },
  );
  const caller = () => ({ kind: 'agent' as const, via: opts.via, name: server.getClientVersion()?.name ?? 'mcp-client' });

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: (await backend.listTools()).map((t) => ({ name: t.name, description: t.description, inputSchema: { ...t.inputSchema, type: 'object' as const } })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (req) => {
    const out = await backend.callTool(req.params.name, req.params.arguments ?? {}, caller());
    // Failures are tool results with isError, not protocol errors: an agent reads the field and retries.
    return out.ok
      ? { content: [{ type: 'text' as const, text: JSON.stringify(out.result) }] }
      : { content: [{ type: 'text' as const, text: JSON.stringify({ error: out.error }) }], isError: true };
  });
  server.setRequestHandler(ListPromptsRequestSchema, async () => ({
    prompts: [{ name: BRIEFING_PROMPT, description: 'The page you were sent: the incident briefing with its real times, and how to work it' }],
  }));
  server.setRequestHandler(GetPromptRequestSchema, async (req) => {
    if (req.params.name !== BRIEFING_PROMPT) throw new Error(`no prompt "${req.params.name}"; the desk offers "${BRIEFING_PROMPT}"`);
    const b = await backend.briefing();
    return { description: b.title ?? 'No incident injected', messages: [{ role: 'user' as const, content: { type: 'text' as const, text: b.text } }] };
  });
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: [{ uri: BRIEFING_URI, name: 'briefing', title: 'Incident briefing', mimeType: 'text/markdown', description: 'The injected scenario\'s page with its real times' }],
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (req) => {
    if (req.params.uri !== BRIEFING_URI) throw new Error(`no resource "${req.params.uri}"; the desk offers ${BRIEFING_URI}`);
    const b = await backend.briefing();
    return { contents: [{ uri: BRIEFING_URI, mimeType: 'text/markdown', text: b.text }] };
  });
  return server;
}
