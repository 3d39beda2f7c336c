import { KubeConfig } from '@kubernetes/client-node';
import { createKubernetesRuntime, startExpirySweep } from '../../lab/runtime/kubernetes/index.js';
import { controlRuntime } from '../../lab/runtime/local/control.js';
import type { Runtime } from '../../lab/runtime/runtime.js';
import { packageVersion, repoRoot } from '../../lab/paths.js';
import { clusterChaosDeps } from '../../lab/cli/chaos-cluster.js';
import { startChaosTtlSweep } from '../../chaos/runner/ttl-sweep.js';
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
const CHAOS_SWEEP_INTERVAL_MS = 15_000;
let runtime: Runtime;
let sweep: { stop(): void } | undefined;
try {
  if (config.runtime === 'kubernetes') {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromDefault();
    // Inside the cluster the ServiceAccount's namespaced Role is the boundary; from a laptop
    // kubeconfig the context must be the lab's (kind-firedrill).
    const inCluster = kubeConfig.getCurrentContext() === 'inClusterContext';
    const k8s = createKubernetesRuntime({ kubeConfig, namespace: config.k8sNamespace, allowOtherContext: inCluster, log: base.log });
    runtime = k8s;
    // The desk keeps the lab here, as the supervisor does locally: it undoes expired chaos
    // changes from the runner's journal on the shared volume (flags, load, config by content),
    // and any Deployment still carrying an expired chaos annotation (the journal lost or never written).
    const annotated = startExpirySweep(k8s, { intervalMs: CHAOS_SWEEP_INTERVAL_MS, log: base.log });
    // No `make lab` here to create the shop repository on the state volume: the desk's git and
    // deploy tools read it, so building the chaos deps (prepareShop) creates it on first start.
    const target = { namespace: config.k8sNamespace, context: undefined, allowOtherContext: inCluster };
    const chaos = clusterChaosDeps(root, config.stateDir, target, { log: base.log, runtime: k8s }).deps;
    const journaled = startChaosTtlSweep({ stateDir: config.stateDir, deps: () => chaos, intervalMs: CHAOS_SWEEP_INTERVAL_MS, out: (line) => base.log.info(line) });
    sweep = { stop: () => { annotated.stop(); journaled.stop(); } };
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
