import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { AppError, toAppError } from '../../../../services/kit/errors.js';
import { handleAction } from './action.js';
import { handleCommand } from './command.js';
import type { PageApiDeps } from './context.js';
import { handleViewClosed, handleViewSubmission } from './views.js';

type Handler = (deps: PageApiDeps, req: Request, res: Response) => Promise<void>;

/**
 * `/page-api/*`: what the page sends on the person's behalf (slash commands, button
 * clicks, modal submissions and closes), with the person's user token. Answers are
 * Slack-style `{ok, error}` JSON; HTTP statuses tell malformed requests apart too.
 */
export function createPageApiRouter(deps: PageApiDeps): Router {
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));
  router.use((req: Request, res: Response, next: NextFunction) => {
    const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!token) return next(new AppError('not_authed', 401, 'send the person\'s user token in Authorization: Bearer'));
    const record = deps.store.token(token);
    if (!record) return next(new AppError('invalid_auth', 401, 'unknown token'));
    const user = record.kind === 'user' && record.user_id ? deps.store.user(record.user_id) : undefined;
    if (!user) return next(new AppError('not_allowed_token_type', 403, 'the page acts for a person: use a user token (xoxp-)'));
    res.locals.user = user;
    next();
  });
  const route = (handler: Handler) => (req: Request, res: Response, next: NextFunction) => {
    handler(deps, req, res).catch(next);
  };
  router.post('/command', route(handleCommand));
  router.post('/action', route(handleAction));
  router.post('/view-submission', route(handleViewSubmission));
  router.post('/view-closed', route(handleViewClosed));
  router.use((req: Request, _res: Response, next: NextFunction) => next(new AppError('unknown_method', 404, `no page-api endpoint ${req.method} ${req.path}`)));
  router.use(renderSlackStyleError(deps));
  return router;
}

/** `{ok:false, error, detail}` with the error's status; the unexpected is logged and becomes internal_error. */
export function renderSlackStyleError(deps: Pick<PageApiDeps, 'log'>) {
  // Express tells error middleware by its four parameters, so `_next` stays.
  return (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = toAppError(err);
    if (e.status >= 500) deps.log.error({ err: e.cause ?? e }, 'page-api request failed');
    res.status(e.status).json({ ok: false, error: e.code, detail: e.message });
  };
}
