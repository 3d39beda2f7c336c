import type { Briefing } from './briefing.js';
import type { ErrorBody } from './registry/errors.js';
import type { ToolDescriptor } from './registry/registry.js';
import type { Caller } from './registry/tool.js';

export type CallResult = { ok: true; result: unknown; seq: number } | { ok: false; error: ErrorBody; seq: number | undefined };

/**
 * What the MCP server and the CLI need from a desk: the desk itself (in its own process)
 * or a client of the running desk (`firedrill mcp`, `firedrill tool`). Either way the desk
 * process is the only one writing the journal.
 */
export interface DeskBackend {
  listTools(): Promise<ToolDescriptor[]>;
  callTool(name: string, args: unknown, caller: Caller): Promise<CallResult>;
  briefing(): Promise<Briefing>;
}
