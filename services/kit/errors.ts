/**
 * The one error model: a string `code` a client can branch on, the HTTP `status`
 * it maps to, and the `cause` kept for logs. Everything thrown on purpose is an
 * AppError; anything else is a bug and renders as a 500 `internal_error`.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, status: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.status = status;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

export function badRequest(code: string, message: string, cause?: unknown): AppError {
  return new AppError(code, 400, message, { cause });
}

export function notFound(code: string, message: string): AppError {
  return new AppError(code, 404, message);
}

export function unavailable(code: string, message: string, cause?: unknown): AppError {
  return new AppError(code, 503, message, { cause });
}

interface BodyParserError {
  type: string;
  status?: number;
  message: string;
}

function isBodyParserError(err: unknown): err is BodyParserError {
  return typeof err === 'object' && err !== null && typeof (err as { type?: unknown }).type === 'string'
    && typeof (err as { status?: unknown }).status === 'number';
}

/** Maps anything thrown to an AppError; `internal_error` marks the unexpected. */
export function toAppError(err: unknown): AppError {
  if (isAppError(err)) return err;
  if (isBodyParserError(err)) {
    if (err.type === 'entity.parse.failed') {
      return badRequest('invalid_json', `request body is not valid JSON: ${err.message}`, err);
    }
    if (err.type === 'entity.too.large') {
      return new AppError('payload_too_large', 413, 'request body is too large', { cause: err });
    }
    const status = err.status ?? 400;
    if (status >= 400 && status < 500) return new AppError('bad_request', status, err.message, { cause: err });
  }
  return new AppError('internal_error', 500, 'internal error', { cause: err });
}
