import type { Logger } from 'pino';
import type { z } from 'zod';

/** Who made a call: the journal and the report tell an agent, a Slack user and the CLI apart. */
export interface Caller {
  /** `bot`: a coworker looking something up (not the investigator). */
  kind: 'agent' | 'slack' | 'cli' | 'http' | 'bot';
  /** The agent's client name, the Slack user, the CLI user. */
  name?: string;
  /** How it reached the desk: http, mcp-http, mcp-stdio, cli. */
  via: string;
}

export interface ToolContext {
  caller: Caller;
  log: Logger;
  now(): Date;
}

/** Read tools only look; remediation tools change the running lab. The report counts them apart. */
export type ToolKind = 'read' | 'remediation';

export interface Tool<A extends z.ZodObject = z.ZodObject> {
  /** Exactly the seed's name, e.g. prometheus_query. */
  name: string;
  /** The vendor family it stands for: prometheus, logs, kubectl, ... */
  family: string;
  kind: ToolKind;
  /** One line an agent can act on: what it returns and when to use it. */
  description: string;
  args: A;
  run(args: z.output<A>, ctx: ToolContext): Promise<unknown>;
}

/** Keeps the argument type of each tool while the registry holds them as one list. */
export function defineTool<A extends z.ZodObject>(tool: Tool<A>): Tool {
  return tool as unknown as Tool;
}
