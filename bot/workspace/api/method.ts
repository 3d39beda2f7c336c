import type { Logger } from 'pino';
import type { TokenKind, TokenRecord, User } from '../model.js';
import type { WorkspaceStore } from '../store.js';

export interface MethodContext {
  store: WorkspaceStore;
  token: TokenRecord;
  /** The user the token acts as (the bot user for a bot token). */
  actor: User | undefined;
  /** The raw arguments, merged from query, form or JSON body. */
  args: Record<string, unknown>;
  /** `http://host:port` as the caller reached the workspace, for URLs in answers. */
  baseUrl: string;
  log: Logger;
}

/** One Web API method: which tokens and scopes it takes, and what it does. */
export interface MethodDef {
  name: string;
  /** Token kinds allowed; others get `not_allowed_token_type`. */
  tokens: readonly TokenKind[];
  /** Any one of these scopes is enough (Slack's "accepted scopes"); empty means none needed. */
  scopes: readonly string[];
  handle(ctx: MethodContext): Record<string, unknown> | Promise<Record<string, unknown>>;
}

export function method(def: MethodDef): MethodDef {
  return def;
}
