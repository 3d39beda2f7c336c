import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { WorkspaceSettings } from '../config.js';
import type { WorkspaceStore } from '../store.js';
import { SlackError } from './errors.js';
import type { MethodDef } from './method.js';
import { createRateLimiter } from './rate-limit.js';

export interface ApiDeps {
  store: WorkspaceStore;
  methods: readonly MethodDef[];
  settings: Pick<WorkspaceSettings, 'rateLimits'>;
  log: Logger;
}

function bearer(req: Request, args: Record<string, unknown>): string | undefined {
  const header = req.get('authorization');
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (m?.[1]) return m[1];
  return typeof args.token === 'string' && args.token !== '' ? args.token : undefined;
}

/**
 * `/api/<method>`: Slack's Web API transport. Arguments from the query string, a form or
 * a JSON body; the token from `Authorization: Bearer` or `token`; answers `{ ok, ... }`
 * with Slack's error codes, the `x-oauth-scopes` header, and 429 when over budget.
 */
export function createApiRouter(deps: ApiDeps): Router {
  const byName = new Map(deps.methods.map((m) => [m.name, m]));
  const limiter = createRateLimiter();
  const router = express.Router();
  router.use(express.json({ limit: '5mb' }), express.urlencoded({ extended: false, limit: '5mb' }));

  router.all('/:method', async (req: Request, res: Response) => {
    const name = String(req.params.method);
    const send = (status: number, body: Record<string, unknown>) => res.status(status).json(body);
    try {
      const args: Record<string, unknown> = { ...(req.query as Record<string, unknown>), ...(req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {}) };
      const def = byName.get(name);
      if (!def) throw new SlackError('unknown_method');
      const token = bearer(req, args);
      if (!token) throw new SlackError('not_authed');
      const record = deps.store.token(token);
      if (!record) throw new SlackError('invalid_auth');
      res.set('x-oauth-scopes', record.scopes.join(','));
      res.set('x-accepted-oauth-scopes', def.scopes.join(','));
      if (!def.tokens.includes(record.kind)) throw new SlackError('not_allowed_token_type');
      if (def.scopes.length > 0 && !def.scopes.some((s) => record.scopes.includes(s))) {
        throw new SlackError('missing_scope', { needed: def.scopes.join(','), provided: record.scopes.join(',') });
      }
      const posting = name === 'chat.postMessage' && typeof args.channel === 'string';
      const wait = limiter.take(posting ? `${token}:${name}:${String(args.channel)}` : `${token}:${name}`,
        posting ? deps.settings.rateLimits.postMessagePerMinute : deps.settings.rateLimits.perMinute);
      if (wait !== undefined) {
        res.set('retry-after', String(wait));
        throw new SlackError('ratelimited', {}, 429);
      }
      delete args.token;
      const actor = record.user_id ? deps.store.user(record.user_id) : undefined;
      const baseUrl = `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`;
      const result = await def.handle({ store: deps.store, token: record, actor, args, baseUrl, log: deps.log });
      send(200, { ok: true, ...result });
    } catch (err) {
      if (err instanceof SlackError) {
        send(err.status, { ok: false, error: err.error, ...err.extra });
        return;
      }
      deps.log.error({ err, method: name }, 'web API method failed');
      send(500, { ok: false, error: 'internal_error' });
    }
  });

  // A body that is not JSON or form data: Slack's answer, not an HTML error page.
  router.use((err: Error & { type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (err.type === 'entity.parse.failed') res.status(200).json({ ok: false, error: 'invalid_json' });
    else if (err.type === 'entity.too.large') res.status(413).json({ ok: false, error: 'request_too_large' });
    else next(err);
  });
  return router;
}
