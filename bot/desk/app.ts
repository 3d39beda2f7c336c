import type { Express } from 'express';
import { createServiceApp } from '../../services/kit/http-app.js';
import type { ServiceBase } from '../../services/kit/service-base.js';
import { coachModes, type CoachMode } from '../coach/gate.js';
import type { DeskBackend } from './backend.js';
import { currentBriefing } from './briefing.js';
import { createErrorStore } from './errors/error-store.js';
import type { Journal } from './journal/journal.js';
import { createProcessGate } from './registry/process-gate.js';
import { createRegistry, type Registry } from './registry/registry.js';
import type { Tool } from './registry/tool.js';
import type { DeskSignals, DeskSources } from './sources.js';
import { createTraceStore } from './traces/trace-store.js';
import { mountHttp } from './transport/http.js';
import { mountReports } from './transport/reports.js';
import type { ReportWriter } from './reports.js';
import { hostGuard } from './transport/host-guard.js';
import { INGEST_PATHS, mountIngest } from './transport/ingest.js';
import { mountMcp } from './transport/mcp-http.js';

export interface DeskAppDeps {
  base: ServiceBase;
  sources: DeskSources;
  /** The error and trace stores the services post to and the sentry/datadog tools read (in memory when omitted). */
  signals?: DeskSignals;
  tools: readonly Tool[];
  journal: Journal;
  version: string;
  /** Host names besides loopback the desk answers to (e.g. its Kubernetes Service name). */
  allowedHosts?: readonly string[];
  /**
   * The coach's process gate before remediations. Off unless given: the deployable's default
   * (warn) is in its config, and a desk embedded in a test or tool is not playing a game.
   */
  coachMode?: CoachMode;
  /** Builds and writes graded reports (POST /game/score, GET /reports); absent in tests without a lab. */
  reports?: ReportWriter;
  now?: () => Date;
}

export interface DeskApp {
  express: Express;
  registry: Registry;
  backend: DeskBackend;
  close(): Promise<void>;
}

/**
 * The desk: one registry, served over HTTP and MCP (Streamable HTTP), writing one journal;
 * and the services' error reports and spans, received for the sentry and datadog tools.
 */
function lastCoachMode(journal: Journal): CoachMode | undefined {
  const entry = journal.read().filter((e) => e.type === 'game' && e.event === 'coach').at(-1);
  const mode = entry?.type === 'game' ? /coach mode: (\w+)/.exec(entry.text)?.[1] : undefined;
  return (coachModes as readonly string[]).includes(mode ?? '') ? (mode as CoachMode) : undefined;
}

export function createDeskApp(deps: DeskAppDeps): DeskApp {
  const now = deps.now ?? (() => new Date());
  const signals = deps.signals ?? { errors: createErrorStore(), traces: createTraceStore() };
  // The facilitator's last switch (journaled) outlives a desk restart; else the configured mode.
  let coachMode: CoachMode = lastCoachMode(deps.journal) ?? deps.coachMode ?? 'off';
  const coach = {
    get: () => coachMode,
    set: (mode: CoachMode) => {
      coachMode = mode;
      deps.journal.append({ type: 'game', event: 'coach', text: `coach mode: ${mode}` }, now());
    },
  };
  const reads = new Set(deps.tools.filter((t) => t.kind === 'read').map((t) => t.name));
  const guard = createProcessGate({ mode: coach.get, journal: deps.journal, log: deps.base.log, isRead: (tool) => reads.has(tool), now });
  const registry = createRegistry({ tools: deps.tools, journal: deps.journal, log: deps.base.log, now, guard });
  const backend: DeskBackend = {
    listTools: async () => registry.list(),
    callTool: async (name, args, caller) => {
      const out = await registry.call(name, args, caller);
      return out.ok ? { ok: true, result: out.result, seq: out.entry.seq } : { ok: false, error: out.error, seq: out.entry.seq };
    },
    briefing: () => currentBriefing(deps.sources, now()),
  };
  let mcp: { close(): Promise<void> } | undefined;
  // The MCP transport and /tools parse their own bodies: a call whose body is not JSON is still journaled.
  const express = createServiceApp({ base: deps.base, parsers: [], quietPaths: INGEST_PATHS }, (app) => {
    app.use(hostGuard(deps.allowedHosts ?? []));
    mountIngest(app, signals);
    mountHttp(app, { registry, journal: deps.journal, briefing: backend.briefing, coach });
    if (deps.reports) mountReports(app, deps.reports, deps.sources.stateDir);
    mcp = mountMcp(app, backend, { version: deps.version, log: deps.base.log });
  });
  return {
    express, registry, backend,
    async close() {
      await mcp?.close();
      deps.journal.close();
      signals.errors.close();
    },
  };
}
