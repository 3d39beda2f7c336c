import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import { createDeskApp } from '../../bot/desk/app.js';
import { createErrorStore, type ErrorStoreOptions } from '../../bot/desk/errors/error-store.js';
import { createJournal } from '../../bot/desk/journal/journal.js';
import type { DeskSignals } from '../../bot/desk/sources.js';
import { createDatadogTraceTools } from '../../bot/desk/tools/datadog-traces.js';
import { createSentryTools } from '../../bot/desk/tools/sentry.js';
import { createTraceStore, type TraceStoreOptions } from '../../bot/desk/traces/trace-store.js';
import { repoRoot } from '../../lab/paths.js';
import type { Runtime } from '../../lab/runtime/runtime.js';
import { createErrorReporter } from '../../services/kit/error-report.js';
import { createServiceApp } from '../../services/kit/http-app.js';
import { createLogger } from '../../services/kit/logger.js';
import { createServiceMetrics } from '../../services/kit/metrics.js';
import type { ServiceBase } from '../../services/kit/service-base.js';
import { createTracing } from '../../services/kit/tracing.js';
import { listen, serveForTest, testBase } from './apps.js';
import { memoryLog, type LogRecord } from './logs.js';

export interface ToolAnswer<T = Record<string, unknown>> {
  status: number;
  ok: boolean;
  result: T;
  error?: { code: string; message: string; field?: string; valid?: string[] };
}

export interface SignalDesk {
  url: string;
  stateDir: string;
  signals: DeskSignals;
  call<T = Record<string, unknown>>(name: string, args?: Record<string, unknown>): Promise<ToolAnswer<T>>;
  stop(): Promise<void>;
}

/**
 * The desk in-process with its error and trace stores and the sentry/datadog trace tools,
 * on port 0. The error store persists under `<stateDir>/desk/errors.jsonl`, as in the lab.
 */
export async function startSignalDesk(opts: { stateDir?: string; errors?: ErrorStoreOptions; traces?: TraceStoreOptions } = {}): Promise<SignalDesk> {
  const stateDir = opts.stateDir ?? mkdtempSync(join(tmpdir(), 'fd-desk-signals-'));
  const signals: DeskSignals = {
    errors: createErrorStore({ file: join(stateDir, 'desk', 'errors.jsonl'), ...opts.errors }),
    traces: createTraceStore(opts.traces),
  };
  const noLab = new Proxy({}, { get: () => () => Promise.reject(new Error('no lab in this test')) }) as Runtime;
  const sources = { root: repoRoot(), stateDir, prometheusUrl: 'http://127.0.0.1:9', pagerUrl: 'http://127.0.0.1:9', workspaceCredentialsFile: join(stateDir, 'none.json'), runtime: noLab };
  const { base, logs } = testBase('desk');
  const journal = createJournal(join(stateDir, 'desk', 'journal.jsonl'));
  const tools = [...createSentryTools(signals.errors), ...createDatadogTraceTools(signals.traces)];
  const started = await serveForTest(createDeskApp({ base, sources, signals, tools, journal, version: '0.0.0-test' }), base, logs);
  return {
    url: started.url,
    stateDir,
    signals,
    async call<T>(name: string, args: Record<string, unknown> = {}) {
      const res = await fetch(`${started.url}/tools/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args) });
      const body = (await res.json()) as { ok: boolean; result: T; error?: ToolAnswer['error'] };
      return { status: res.status, ok: body.ok, result: body.result, ...(body.error ? { error: body.error } : {}) };
    },
    stop: () => started.stop(),
  };
}

/**
 * A kit service base reporting errors to the desk and exporting spans to it within 20 ms
 * (createServiceBase keeps the exporter's 2 s batch delay).
 */
export function signalBase(service: string, deskUrl: string): { base: ServiceBase; logs: LogRecord[] } {
  const { stream, records } = memoryLog();
  const log = createLogger({ service, level: 'debug', release: 'test', destination: stream });
  return {
    base: {
      service,
      release: 'test',
      log,
      metrics: createServiceMetrics(service),
      tracing: createTracing({ service, release: 'test', endpoint: `${deskUrl}/v1/traces`, exportDelayMs: 20 }),
      errors: createErrorReporter({ service, release: 'test', endpoint: `${deskUrl}/api/errors`, log }),
      lifecycle: { draining: false },
    },
    logs: records,
  };
}

/** A tiny service built with the kit's createServiceApp; stop() closes it and flushes its spans. */
export async function serveKitApp(base: ServiceBase, mount: (app: Express) => void): Promise<{ url: string; stop(): Promise<void> }> {
  const server = await listen(createServiceApp({ base }, mount), base);
  return {
    url: server.url,
    stop: async () => {
      await server.close();
      await base.tracing.shutdown();
    },
  };
}
