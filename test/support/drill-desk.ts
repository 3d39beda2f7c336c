import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createJournal as createChaosJournal } from '../../chaos/runner/journal.js';
import { loadScenario } from '../../chaos/scenario/load.js';
import type { IncidentSummary } from '../../lab/pager/model.js';
import { repoRoot } from '../../lab/paths.js';
import { controlRuntime } from '../../lab/runtime/local/control.js';
import type { DeskBackend } from '../../bot/desk/backend.js';
import { currentBriefing } from '../../bot/desk/briefing.js';
import { createErrorStore } from '../../bot/desk/errors/error-store.js';
import { createJournal, type Journal } from '../../bot/desk/journal/journal.js';
import { createRegistry, type ToolDescriptor } from '../../bot/desk/registry/registry.js';
import type { DeskSources } from '../../bot/desk/sources.js';
import { createDeskTools } from '../../bot/desk/tools/index.js';
import { createTraceStore } from '../../bot/desk/traces/trace-store.js';
import type { DrillDeps } from '../../bot/app/drill/types.js';

/**
 * The real desk in-process for /drill's unit tests: every tool, the real registry (argument
 * validation, errors, journal) and the real briefing, over a temporary state dir. What a
 * lab would run is absent — Prometheus and the lab's control socket do not answer, which
 * the tools report as they would in production — except the pager's incident list, served
 * from `incidents` (the real pager needs Redis, a component-test concern).
 */
export interface TestDesk {
  desk: DrillDeps['desk'];
  journal: Journal;
  deps: DrillDeps;
  /** The clock every part reads; tests move it. */
  clock: { now: Date };
  /** What the pager's GET /incidents answers. */
  incidents: IncidentSummary[];
  /** Records a chaos run as the runner does, so the briefing (and the world tools) see a game. */
  inject(scenario: string, at: Date): void;
  close(): Promise<void>;
}

/** The desk's real tool descriptors (`GET /tools`), from a registry over closed sources: listing needs no lab. */
export function deskToolDescriptors(): ToolDescriptor[] {
  const stateDir = mkdtempSync(join(tmpdir(), 'fd-drill-tools-'));
  const sources: DeskSources = {
    root: repoRoot(), stateDir, prometheusUrl: 'http://127.0.0.1:1', pagerUrl: 'http://127.0.0.1:1',
    workspaceCredentialsFile: join(stateDir, 'credentials.json'), runtime: controlRuntime(join(stateDir, 'control.sock')),
  };
  const journal = createJournal(join(stateDir, 'journal.jsonl'));
  const tools = createRegistry({ tools: createDeskTools(sources, { errors: createErrorStore(), traces: createTraceStore() }), journal, log: pino({ level: 'silent' }) }).list();
  journal.close();
  rmSync(stateDir, { recursive: true, force: true });
  return tools;
}

function servePager(incidents: () => IncidentSummary[]): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://pager');
    const status = url.searchParams.get('status');
    const list = incidents().filter((i) => status === null || i.status === status);
    res.writeHead(url.pathname === '/incidents' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(url.pathname === '/incidents' ? { incidents: list } : { error: { code: 'not_found', message: url.pathname } }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function createTestDesk(start: Date): Promise<TestDesk> {
  const root = repoRoot();
  const stateDir = mkdtempSync(join(tmpdir(), 'fd-drill-'));
  const clock = { now: start };
  const state = { incidents: [] as IncidentSummary[] };
  const pager = await servePager(() => state.incidents);
  const sources: DeskSources = {
    root, stateDir,
    // Port 1 refuses at once: Prometheus is "down", as the tools must report it.
    prometheusUrl: 'http://127.0.0.1:1',
    pagerUrl: `http://127.0.0.1:${(pager.address() as AddressInfo).port}`,
    workspaceCredentialsFile: join(stateDir, 'workspace', 'credentials.json'),
    runtime: controlRuntime(join(stateDir, 'lab', 'control.sock')),
  };
  const signals = { errors: createErrorStore(), traces: createTraceStore() };
  const journal = createJournal(join(stateDir, 'desk', 'journal.jsonl'));
  const registry = createRegistry({ tools: createDeskTools(sources, signals), journal, log: pino({ level: 'silent' }), now: () => clock.now });
  // The same mapping createDeskApp's backend makes, without the HTTP server around it.
  const desk: Pick<DeskBackend, 'listTools' | 'callTool' | 'briefing'> = {
    listTools: async () => registry.list(),
    callTool: async (name, args, caller) => {
      const out = await registry.call(name, args, caller);
      return out.ok ? { ok: true, result: out.result, seq: out.entry.seq } : { ok: false, error: out.error, seq: out.entry.seq };
    },
    briefing: () => currentBriefing(sources, clock.now),
  };
  const deps: DrillDeps = {
    desk,
    journal: async () => journal.read(),
    record: async (e) => {
      journal.append({ type: 'game', ...e }, clock.now);
    },
    scenario: (name) => {
      try {
        return loadScenario(root, name).scenario;
      } catch {
        return undefined;
      }
    },
    now: () => clock.now,
  };
  return {
    desk, journal, deps, clock,
    get incidents() {
      return state.incidents;
    },
    set incidents(list: IncidentSummary[]) {
      state.incidents = list;
    },
    inject(scenario, at) {
      const expiresAt = new Date(at.getTime() + 2 * 3_600_000).toISOString();
      createChaosJournal(stateDir).append({ type: 'run', run: `run-${at.getTime()}`, scenario, pid: process.pid, at: at.toISOString(), expiresAt });
    },
    async close() {
      journal.close();
      signals.errors.close();
      await new Promise<void>((resolve) => pager.close(() => resolve()));
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
