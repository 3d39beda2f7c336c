import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the sink has received so far. */
export interface SinkCounts {
  /** OTLP/HTTP export requests. */
  exports: number;
  spans: number;
  /** Exports whose spans could not be counted (not OTLP JSON). */
  uncounted: number;
  errorReports: number;
}

export interface SpanSink {
  /** `http://127.0.0.1:<port>`; the kit's OTLP endpoint is `${url}/v1/traces`. */
  url: string;
  counts(): SinkCounts;
  close(): Promise<void>;
}

interface OtlpJson {
  resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: unknown[] }> }>;
}

function countSpans(body: OtlpJson): number {
  let n = 0;
  for (const rs of body.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) n += ss.spans?.length ?? 0;
  return n;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Stands in for the desk's ingest (its `/v1/traces` and `/api/errors`): accepts and
 * discards, counting spans so the figures can show the kit's tracing really exported.
 * It runs in the bench's process, not the measured ones.
 */
export async function startSpanSink(): Promise<SpanSink> {
  const counts: SinkCounts = { exports: 0, spans: 0, uncounted: 0, errorReports: 0 };
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      if (req.url === '/v1/traces') {
        counts.exports += 1;
        if ((req.headers['content-type'] ?? '').includes('json')) {
          try {
            counts.spans += countSpans(JSON.parse(body.toString('utf8')) as OtlpJson);
          } catch {
            counts.uncounted += 1;
          }
        } else counts.uncounted += 1;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } else if (req.url === '/api/errors') {
        counts.errorReports += 1;
        res.writeHead(202).end();
      } else res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
