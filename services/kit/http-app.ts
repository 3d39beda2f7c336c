import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { AppError, notFound, toAppError } from './errors.js';
import { requestContext, routeLabel } from './request-context.js';
import type { ServiceBase } from './service-base.js';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export interface Lifecycle {
  /** Flipped by the server on shutdown: /readyz answers 503 while in-flight requests drain. */
  draining: boolean;
}

export interface ServiceAppDeps {
  base: ServiceBase;
  readiness?: ReadinessCheck[];
  /** Renders an error for this service's clients; JSON `{error:{code,message}}` by default. */
  renderError?: (err: AppError, req: Request, res: Response) => void;
  /** Body parsers to install before the routes (JSON by default). */
  parsers?: Array<express.RequestHandler>;
  /** Busy machine-to-machine paths kept out of the access log (metrics still count them). */
  quietPaths?: readonly string[];
}

function renderJsonError(err: AppError, _req: Request, res: Response): void {
  res.status(err.status).json({ error: { code: err.code, message: err.message } });
}

/**
 * The shell every deployable shares: request context, /healthz, /readyz, /metrics, then
 * the service's own routes, then one error middleware. `mount` adds the routes.
 */
export function createServiceApp(deps: ServiceAppDeps, mount: (app: Express) => void): Express {
  const { base } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const { lifecycle } = base;

  app.use(requestContext({ log: base.log, metrics: base.metrics.http, tracing: base.tracing, quietPaths: deps.quietPaths }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: base.service });
  });
  app.get('/readyz', async (_req, res) => {
    if (lifecycle.draining) {
      res.status(503).json({ status: 'draining', service: base.service, checks: {} });
      return;
    }
    const checks: Record<string, string> = {};
    let ok = true;
    for (const c of deps.readiness ?? []) {
      try {
        await c.check();
        checks[c.name] = 'ok';
      } catch (err) {
        ok = false;
        checks[c.name] = (err as Error).message;
      }
    }
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not_ready', service: base.service, checks });
  });
  app.get('/metrics', async (_req, res) => {
    res.setHeader('content-type', base.metrics.registry.contentType);
    res.send(await base.metrics.registry.metrics());
  });

  for (const parser of deps.parsers ?? [express.json({ limit: '256kb' })]) app.use(parser);
  mount(app);

  app.use((req: Request) => {
    throw notFound('not_found', `no route for ${req.method} ${req.path}`);
  });
  const render = deps.renderError ?? renderJsonError;
  // Express recognises error middleware by its four parameters, so `_next` must stay.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const appError = toAppError(err);
    const log = res.locals.log ?? base.log;
    if (appError.status >= 500) {
      log.error({ err: appError.cause ?? appError, code: appError.code }, appError.message);
      void base.errors.report(appError, { route: routeLabel(req), path: req.path, method: req.method, status: appError.status, requestId: res.locals.requestId });
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    render(appError, req, res);
  });
  return app;
}
