import type { Logger } from 'pino';
import { z } from 'zod';
import { toAppError } from '../../../services/kit/errors.js';
import { formatPath } from '../../../services/kit/validate.js';
import type { Journal, JournalEntry } from '../journal/journal.js';
import { errorBody, ToolError, type ErrorBody } from './errors.js';
import type { Caller, Tool, ToolKind } from './tool.js';

/** What `GET /tools`, MCP tools/list and `firedrill tools` publish for one tool. */
export interface ToolDescriptor {
  name: string;
  family: string;
  kind: ToolKind;
  description: string;
  inputSchema: Record<string, unknown>;
}

export type CallOutcome =
  | { ok: true; result: unknown; entry: JournalEntry }
  | { ok: false; error: ErrorBody; status: number; entry: JournalEntry };

/**
 * Consulted before a remediation tool runs (the coach's process gate): `refusal` stops the
 * call, which is journaled as failed; `record` journals what was decided once the call's
 * own entry has its seq, so the record can point at it.
 */
export type RemediationGuard = (call: { tool: string; args: unknown; caller: Caller }) => GuardDecision;
export interface GuardDecision {
  refusal?: ToolError;
  record(ref: number): void;
}

export interface RegistryDeps {
  tools: readonly Tool[];
  journal: Journal;
  log: Logger;
  now?: () => Date;
  guard?: RemediationGuard;
}

/** The zod problems as one line per path, naming the argument and what it expects. */
function argumentError(error: z.ZodError, tool: Tool): ToolError {
  const known = Object.keys(tool.args.shape);
  const lines = error.issues.map((i) => {
    const path = i.path.length === 0 ? '(arguments)' : formatPath(i.path);
    if (i.code === 'unrecognized_keys') return `${i.keys.join(', ')}: unknown argument; ${tool.name} takes ${known.join(', ') || 'no arguments'}`;
    return `${path}: ${i.message}`;
  });
  const first = error.issues[0];
  const field = first?.code === 'unrecognized_keys' ? first.keys[0] : first && first.path.length > 0 ? formatPath(first.path) : undefined;
  return new ToolError('invalid_arguments', 400, `${tool.name}: ${lines.join('; ')}`, { ...(field ? { field } : {}), valid: known });
}

/**
 * Deeper arguments are refused and not journaled as given: JSON.parse takes 10 000 levels
 * that JSON.stringify (the journal, the answer) then overflows the stack on.
 */
export const MAX_ARGS_DEPTH = 64;
/** The most one answer may hold, serialized: tools cut their own answers (with `truncated`) well below it. */
export const MAX_RESULT_CHARS = 1_000_000;

function deeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (limit === 0) return true;
  return Object.values(value).some((v) => deeperThan(v, limit - 1));
}

/**
 * The one registry every transport serves. A call is validated, run, and journaled —
 * success or failure — before its outcome is handed back to the transport.
 */
export function createRegistry(deps: RegistryDeps) {
  const byName = new Map(deps.tools.map((t) => [t.name, t]));
  if (byName.size !== deps.tools.length) throw new Error('two desk tools share a name');
  const now = deps.now ?? (() => new Date());
  const descriptors: ToolDescriptor[] = deps.tools.map((t) => ({
    name: t.name, family: t.family, kind: t.kind, description: t.description,
    inputSchema: z.toJSONSchema(t.args, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
  }));

  async function call(name: string, rawArgs: unknown, caller: Caller): Promise<CallOutcome> {
    const started = performance.now();
    const deep = deeperThan(rawArgs, MAX_ARGS_DEPTH);
    const args = deep ? `(not recorded: nested deeper than ${MAX_ARGS_DEPTH} levels)` : rawArgs ?? {};
    let outcome: { ok: true; result: unknown } | { ok: false; error: ErrorBody; status: number };
    let decision: GuardDecision | undefined;
    try {
      const tool = byName.get(name);
      if (!tool) throw new ToolError('unknown_tool', 404, `no tool "${name}"; GET /tools (or \`npx firedrill tools\`) lists them`, { field: 'name', valid: [...byName.keys()] });
      if (deep) throw new ToolError('invalid_arguments', 400, `${name}: arguments nest deeper than ${MAX_ARGS_DEPTH} levels`, { field: '(arguments)' });
      const parsed = tool.args.safeParse(args);
      if (!parsed.success) throw argumentError(parsed.error, tool);
      // After validation: a call with bad arguments would change nothing, and the gate needs its target.
      if (tool.kind === 'remediation' && deps.guard) {
        decision = deps.guard({ tool: name, args: parsed.data, caller });
        if (decision.refusal) throw decision.refusal;
      }
      const result = await tool.run(parsed.data, { caller, log: deps.log.child({ tool: name }), now });
      const chars = JSON.stringify(result)?.length ?? 0;
      if (chars > MAX_RESULT_CHARS) {
        // Each tool bounds its own answer; reaching this is a tool's bug, so it is logged, and the journal stays small.
        deps.log.error({ tool: name, chars }, 'tool answer over the desk limit');
        throw new ToolError('result_too_large', 500, `${name}: the answer is ${chars} characters, over the desk's limit of ${MAX_RESULT_CHARS}; narrow the call (a shorter window, a smaller limit or tail, fewer series)`);
      }
      outcome = { ok: true, result };
    } catch (err) {
      const appErr = toAppError(err);
      if (appErr.status >= 500 && !(err instanceof ToolError)) deps.log.error({ err, tool: name }, 'tool failed');
      outcome = { ok: false, error: errorBody(appErr), status: appErr.status };
    }
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    const entry = deps.journal.append({
      type: 'call', tool: name, args, caller, ok: outcome.ok, latencyMs,
      ...(outcome.ok ? { result: outcome.result } : { error: outcome.error }),
    }, now());
    try {
      decision?.record(entry.seq);
    } catch (err) {
      // The call is answered and journaled; a lost process record must not turn it into a failure.
      deps.log.error({ err, tool: name, seq: entry.seq }, 'journaling the process check failed');
    }
    return { ...outcome, entry };
  }

  return {
    list: (): ToolDescriptor[] => descriptors,
    has: (name: string) => byName.has(name),
    call,
  };
}

export type Registry = ReturnType<typeof createRegistry>;
