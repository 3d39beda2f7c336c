import type { CallResult, DeskBackend } from './backend.js';
import type { Briefing } from './briefing.js';
import type { ToolDescriptor } from './registry/registry.js';
import type { Caller } from './registry/tool.js';

/** The running desk could not be reached: the message says where it looked and how to start it. */
export class DeskUnavailableError extends Error {
  readonly code = 'desk_unavailable';
  constructor(url: string, cause: unknown) {
    super(`the desk at ${url} is not answering (${(cause as Error).message}); start the lab with \`make lab\`, or point --desk / FIREDRILL_DESK_URL at a running desk`, { cause });
    this.name = 'DeskUnavailableError';
  }
}

/**
 * A client of the running desk over its HTTP API: what `firedrill mcp` (stdio) and
 * `firedrill tool` use, so the desk process stays the journal's only writer.
 */
export function createDeskClient(baseUrl: string, opts: { timeoutMs?: number } = {}): DeskBackend {
  const url = baseUrl.replace(/\/+$/, '');
  const request = async (path: string, init: RequestInit = {}): Promise<Response> => {
    try {
      return await fetch(`${url}${path}`, { ...init, signal: AbortSignal.timeout(opts.timeoutMs ?? 180_000) });
    } catch (err) {
      throw new DeskUnavailableError(url, err);
    }
  };
  return {
    async listTools() {
      const res = await request('/tools');
      if (!res.ok) throw new DeskUnavailableError(url, new Error(`GET /tools answered ${res.status}`));
      return ((await res.json()) as { tools: ToolDescriptor[] }).tools;
    },
    async callTool(name: string, args: unknown, caller: Caller): Promise<CallResult> {
      let res: Response;
      try {
        res = await request(`/tools/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-firedrill-caller': `${caller.kind}${caller.name ? `:${caller.name}` : ''}`, 'x-firedrill-via': caller.via },
          body: JSON.stringify(args ?? {}),
        });
      } catch (err) {
        // Not journaled: the desk never saw the call.
        return { ok: false, seq: undefined, error: { code: 'desk_unavailable', message: (err as Error).message } };
      }
      const body = (await res.json().catch(() => undefined)) as CallResult | { error?: { code: string; message: string } } | undefined;
      if (body && 'ok' in body) return body;
      return { ok: false, seq: undefined, error: body?.error ?? { code: 'desk_error', message: `the desk answered HTTP ${res.status}` } };
    },
    async briefing(): Promise<Briefing> {
      const res = await request('/briefing');
      return (await res.json()) as Briefing;
    },
  };
}
