import { controlRuntime } from '../../lab/runtime/local/control.js';
import type { Runtime } from '../../lab/runtime/runtime.js';
import { packageVersion, repoRoot } from '../../lab/paths.js';
import { exitOnStartupError } from '../../services/kit/process.js';
import { serveUntilStopped } from '../../services/kit/serve.js';
import { createServiceBase } from '../../services/kit/service-base.js';
import { createDeskApp } from './app.js';
import { loadDeskConfig, type DeskConfig } from './config.js';
import { createErrorStore } from './errors/error-store.js';
import { createJournal } from './journal/journal.js';
import { createReportWriter } from './reports.js';
import { LAB_SEATING_CLOCK_SKEW_MS, LAB_SEATING_UTC_OFFSET_MINUTES } from '../../lab/runtime/local/plan.js';
import type { DeskSignals, DeskSources } from './sources.js';
import { createDeskTools } from './tools/index.js';
import { createTraceStore } from './traces/trace-store.js';

let config: DeskConfig;
try {
  config = loadDeskConfig(process.env);
} catch (err) {
  exitOnStartupError(process, 'desk', err);
}

const root = repoRoot();
const base = createServiceBase('desk', config.settings);
let runtime: Runtime;
let sweep: { stop(): void } | undefined;
try {
  if (config.runtime === 'kubernetes') {
    // Loaded only here: the Kubernetes client costs about 80 MB of memory, which the local lab's desk must not pay.
    const { startClusterRuntime } = await import('./cluster-runtime.js');
    ({ runtime, sweep } = startClusterRuntime({ root, stateDir: config.stateDir, namespace: config.k8sNamespace, log: base.log }));
  } else {
    runtime = controlRuntime(config.controlSocket);
  }
} catch (err) {
  exitOnStartupError(process, 'desk', err);
}
const sources: DeskSources = {
  root, stateDir: config.stateDir, prometheusUrl: config.prometheusUrl, pagerUrl: config.pagerUrl,
  workspaceCredentialsFile: config.workspaceCredentialsFile, runtime,
};
try {
  const journal = createJournal(config.journalFile);
  const signals: DeskSignals = { errors: createErrorStore({ file: config.errorsFile }), traces: createTraceStore() };
  const reports = createReportWriter({
    root, stateDir: config.stateDir, journal, now: () => new Date(),
    sources: { serviceUrl: (name) => config.labUrls[name] ?? `http://127.0.0.1:0/${name}`, prometheusUrl: config.prometheusUrl, pagerUrl: config.pagerUrl },
    skewedClocks: [{ service: 'seating', skewMs: LAB_SEATING_CLOCK_SKEW_MS, utcOffsetMinutes: LAB_SEATING_UTC_OFFSET_MINUTES }],
  });
  const desk = createDeskApp({ base, sources, signals, reports, tools: createDeskTools(sources, signals, reports), journal, version: packageVersion(root), allowedHosts: config.allowedHosts, coachMode: config.coachMode });
  await serveUntilStopped(process, {
    base,
    settings: config.settings,
    express: desk.express,
    fields: { journal: config.journalFile, errors: config.errorsFile, tools: desk.registry.list().length, mcp: '/mcp', coachMode: config.coachMode, runtime: config.runtime },
    close: () => {
      sweep?.stop();
      return desk.close();
    },
  });
} catch (err) {
  exitOnStartupError(process, 'desk', err);
}
