import express, { type Express, type Request } from 'express';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { AppError } from '../../../services/kit/errors.js';
import type { WorkspaceDeps } from '../app.js';
import { contentSecurityPolicy, staticDir } from './assets.js';
import { createPageStream } from './stream.js';
import { bootstrap } from './views.js';

const pageHeaders = {
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // Assets change with the clone, not with a version in their names: revalidate each time.
  'cache-control': 'no-cache',
};

/** The user a request's `Authorization: Bearer` user token acts for; 401 for any other token. */
function bearerUser(deps: WorkspaceDeps, req: Request): string {
  const given = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
  const record = given ? deps.store.token(given) : undefined;
  if (!record || record.kind !== 'user' || !record.user_id) throw new AppError('invalid_auth', 401, 'the page stream needs a user token in Authorization: Bearer');
  return record.user_id;
}

/**
 * The web page at `/`: channels, threads, composer, Block Kit, modals, live updates.
 * Its own routes live under `/page/` (assets, bootstrap, stream); `/page-api/` is the
 * interactions it sends on the person's behalf, which event delivery answers.
 */
export function mountPage(app: Express, deps: WorkspaceDeps): { attach(server: Server): void; close(): Promise<void> } {
  const dir = staticDir();
  const stream = createPageStream({ store: deps.store, log: deps.base.log, lifecycle: deps.base.lifecycle });

  app.get('/', (_req, res) => {
    res.set(pageHeaders).sendFile(join(dir, 'index.html'));
  });
  app.use('/page/static', express.static(dir, { index: false, fallthrough: true, setHeaders: (res) => res.set(pageHeaders) }));

  // The lab listens on loopback only, and the page acts as the person at the keyboard:
  // handing it the person's user token is what logging in would do.
  app.get('/page/bootstrap', (_req, res) => {
    const person = deps.store.tokenFor('person');
    if (!person?.user_id) throw new AppError('no_person', 503, 'this workspace has no person user (personName in config/workspace.yaml)');
    res.set('cache-control', 'no-store').json(bootstrap(deps.store.state, { id: person.user_id, token: person.token }));
  });
  app.get('/page/stream', (req, res) => {
    stream.handle(req, res, bearerUser(deps, req));
  });

  return {
    attach: () => undefined,
    close: async () => stream.close(),
  };
}
