import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { AppError, notFound, toAppError } from './errors.js';
import type { ErrorReporter } from './error-report.js';
import type { HttpMetrics } from './metrics.js';
import { requestContext } from './request-context.js';
import type { Tracing } from './tracing.js';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export interface Lifecycle {
  /** Flipped by the server on shutdown: /readyz answers 503 while in-flight requests drain. */
  draining: boolean;
}

export interface ServiceAppDeps {
  service: string;
  log: Logger;
  registry: Registry;
  httpMetrics: HttpMetrics;
  tracing: Tracing;
  errors: ErrorReporter;
  readiness?: ReadinessCheck[];
  lifecycle?: Lifecycle;
  /** Renders an error for this service's clients; JSON `{error:{code,message}}` by default. */
  renderError?: (err: AppError, req: Request, res: Response) => void;
  /** Body parsers to install before the routes (JSON by default). */
  parsers?: Array<express.RequestHandler>;
}

function renderJsonError(err: AppError, _req: Request, res: Response): void {
  res.status(err.status).json({ error: { code: err.code, message: err.message } });
}

/**
 * The shell every deployable shares: request context, /healthz, /readyz, /metrics, then
 * the service's own routes, then one error middleware. `mount` adds the routes.
 */
export function createServiceApp(deps: ServiceAppDeps, mount: (app: Express) => void): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const lifecycle = deps.lifecycle ?? { draining: false };

  app.use(requestContext({ log: deps.log, metrics: deps.httpMetrics, tracing: deps.tracing }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: deps.service });
  });
  app.get('/readyz', async (_req, res) => {
    if (lifecycle.draining) {
      res.status(503).json({ status: 'draining', service: deps.service, checks: {} });
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
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not_ready', service: deps.service, checks });
  });
  app.get('/metrics', async (_req, res) => {
    res.setHeader('content-type', deps.registry.contentType);
    res.send(await deps.registry.metrics());
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
    const log = res.locals.log ?? deps.log;
    if (appError.status >= 500) {
      log.error({ err: appError.cause ?? appError, code: appError.code }, appError.message);
      void deps.errors.report(appError, { route: req.path, method: req.method, status: appError.status });
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    render(appError, req, res);
  });
  return app;
}
