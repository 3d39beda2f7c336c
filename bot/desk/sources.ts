import type { Runtime } from '../../lab/runtime/runtime.js';
import type { ErrorStore } from './errors/error-store.js';
import type { TraceStore } from './traces/trace-store.js';

/**
 * The real things the desk's tools read and act on, handed to each tool family. main.ts
 * builds them from config; tests build them against a running lab.
 */
export interface DeskSources {
  /** The clone's root: scenario packs live under chaos/scenarios. */
  root: string;
  /** The lab's state dir (.firedrill): shop repo, deploy runs, chaos journal, desk state. */
  stateDir: string;
  prometheusUrl: string;
  pagerUrl: string;
  /** The workspace's credentials.json (written by the workspace when it starts). */
  workspaceCredentialsFile: string;
  runtime: Runtime;
}

/**
 * What the shop's services send the desk (error reports, OTLP spans), held by the desk
 * itself: the transport writes them, the sentry_* and datadog_*trace* tools read them.
 */
export interface DeskSignals {
  errors: ErrorStore;
  traces: TraceStore;
}
