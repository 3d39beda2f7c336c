import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { z } from 'zod';
import { describeIssues, formatPath } from '../../../services/kit/validate.js';
import { errorReportSchema } from '../errors/report.js';
import type { DeskSignals } from '../sources.js';
import { exportTraceRequestSchema, spansOf } from '../traces/otlp.js';

/** The paths services post to: busy, machine-to-machine, kept out of the desk's access log. */
export const INGEST_PATHS = ['/api/errors', '/v1/traces'] as const;

function jsonOnly(message: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.is('application/json')) return next();
    const got = req.get('content-type') ?? '(none)';
    res.status(415).json({ error: { code: 'unsupported_media_type', message: `${message}; got content-type ${got}`, field: 'content-type' } });
  };
}

function invalid(res: Response, what: string, error: z.ZodError): void {
  const first = error.issues[0];
  const field = first ? formatPath(first.path) : '(body)';
  res.status(400).json({ error: { code: 'invalid_request', message: `invalid ${what}: ${describeIssues(error.issues).slice(0, 5).join('; ')}`, field } });
}

/**
 * Where the services' signals land: `POST /api/errors` (one kit ErrorReport) and
 * `POST /v1/traces` (OTLP/HTTP JSON, answered like a collector). Each route parses its own
 * body: an OTLP batch may be megabytes, an error report never is.
 */
export function mountIngest(app: Express, signals: DeskSignals): void {
  app.post('/api/errors', jsonOnly('send one error report as JSON with content-type: application/json'), express.json({ limit: '256kb' }), (req, res) => {
    const parsed = errorReportSchema.safeParse(req.body);
    if (!parsed.success) {
      invalid(res, 'error report', parsed.error);
      return;
    }
    const { eventId, issueId } = signals.errors.add(parsed.data);
    res.json({ id: eventId, issueId });
  });

  app.post(
    '/v1/traces',
    jsonOnly('the desk takes OTLP/HTTP JSON only (content-type: application/json), not protobuf: use @opentelemetry/exporter-trace-otlp-http, or set OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json'),
    express.json({ limit: '5mb' }),
    (req, res) => {
      const parsed = exportTraceRequestSchema.safeParse(req.body);
      if (!parsed.success) {
        invalid(res, 'OTLP trace export', parsed.error);
        return;
      }
      signals.traces.add(spansOf(parsed.data));
      res.json({ partialSuccess: {} });
    },
  );
}
