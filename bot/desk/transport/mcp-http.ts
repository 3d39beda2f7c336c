import { randomUUID } from 'node:crypto';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import express, { type Express, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { DeskBackend } from '../backend.js';
import { createMcpServer } from './mcp-server.js';

const MAX_SESSIONS = 64;

const rpcError = (res: Response, status: number, code: number, message: string) => {
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
};

/**
 * MCP over Streamable HTTP at /mcp, one session per client so the journal knows which
 * agent called. The app's host guard runs first (DNS rebinding).
 */
export function mountMcp(app: Express, backend: DeskBackend, opts: { version: string; log: Logger }): { close(): Promise<void> } {
  const sessions = new Map<string, StreamableHTTPServerTransport>();

  app.post('/mcp', express.json({ limit: '1mb' }), async (req, res) => {
    const id = req.header('mcp-session-id');
    const existing = id ? sessions.get(id) : undefined;
    if (existing) return existing.handleRequest(req, res, req.body);
    if (id) return rpcError(res, 404, -32001, `session ${id} not found (the desk restarted?); initialize a new session`);
    if (!isInitializeRequest(req.body)) return rpcError(res, 400, -32000, 'no mcp-session-id header: send initialize first');
    if (sessions.size >= MAX_SESSIONS) {
      const oldest = sessions.values().next().value;
      await oldest?.close();
    }
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => {
        sessions.set(sid, transport);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await createMcpServer(backend, { version: opts.version, via: 'mcp-http' }).connect(transport);
    await transport.handleRequest(req, res, req.body);
  });

  const bySession = async (req: Request, res: Response) => {
    const transport = sessions.get(req.header('mcp-session-id') ?? '');
    if (!transport) return rpcError(res, 404, -32001, 'session not found; initialize a new session');
    await transport.handleRequest(req, res);
  };
  app.get('/mcp', bySession);
  app.delete('/mcp', bySession);

  return {
    async close() {
      await Promise.all([...sessions.values()].map((t) => t.close().catch((err: unknown) => opts.log.warn({ err }, 'closing an MCP session failed'))));
    },
  };
}
