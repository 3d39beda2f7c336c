import { AppError } from '../../../services/kit/errors.js';

/**
 * A tool's failure as the investigator sees it: the string `code` an agent can branch on,
 * the argument or object it is about (`field`), and what would have been valid. Rendered
 * the same over HTTP, MCP and the CLI, and journaled like a success.
 */
export class ToolError extends AppError {
  readonly field: string | undefined;
  readonly valid: readonly string[] | undefined;

  constructor(code: string, status: number, message: string, opts: { field?: string; valid?: readonly string[]; cause?: unknown } = {}) {
    super(code, status, message, { cause: opts.cause });
    this.name = 'ToolError';
    this.field = opts.field;
    this.valid = opts.valid;
  }
}

/** Something named in the arguments does not exist: a service, pod, flag, commit, channel. */
export function unknownObject(field: string, what: string, value: string, valid: readonly string[]): ToolError {
  const shown = valid.length > 20 ? [...valid.slice(0, 20), `… ${valid.length - 20} more`] : valid;
  return new ToolError(`unknown_${what.replace(/\s+/g, '_')}`, 404, `${field}: no ${what} "${value}"${valid.length ? `; valid: ${shown.join(', ')}` : ''}`, { field, valid });
}

/** The system behind the tool (Prometheus, the pager, the workspace, the runtime) did not answer. */
export function upstreamError(source: string, err: unknown): ToolError {
  return new ToolError('upstream_unavailable', 502, `${source} did not answer: ${(err as Error).message}`, { cause: err });
}

export interface ErrorBody {
  code: string;
  message: string;
  field?: string;
  valid?: readonly string[];
}

export function errorBody(err: AppError): ErrorBody {
  return {
    code: err.code,
    message: err.message,
    ...(err instanceof ToolError && err.field !== undefined ? { field: err.field } : {}),
    ...(err instanceof ToolError && err.valid !== undefined ? { valid: err.valid } : {}),
  };
}
