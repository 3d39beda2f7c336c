import type { NextFunction, Request, Response } from 'express';
import { toAppError, type AppError } from '../../services/kit/errors.js';

/**
 * The bare apps' only error handling: the services' error model (so a 404 or 422 answers
 * with the same status and code as the kit apps), without logging or error reports.
 */
export function bareErrorHandler(render: (err: AppError, res: Response) => void) {
  // Express recognises error middleware by its four parameters, so `_req` and `_next` must stay.
  return (err: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const appError = toAppError(err);
    if (res.headersSent) {
      res.end();
      return;
    }
    render(appError, res);
  };
}

export function renderJson(err: AppError, res: Response): void {
  res.status(err.status).json({ error: { code: err.code, message: err.message } });
}
