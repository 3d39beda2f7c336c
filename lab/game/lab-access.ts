import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import type { ChaosDeps } from '../../chaos/runner/changes.js';
import type { ProbeEnv } from '../../chaos/runner/probes.js';
import { clusterUrl, type ClusterTarget } from '../cli/cluster-target.js';
import { chaosDeps } from '../cli/chaos-deps.js';
import { alive, readState } from '../cli/lab.js';
import { controlRuntime } from '../runtime/local/control.js';
import { GameError } from './errors.js';

/** Where a game reaches the running lab: its state dir and the URLs of what it talks to. */
export interface LabAccess {
  stateDir: string;
  /** What a chaos reset changes the lab through (the local supervisor, or the Kubernetes API). */
  chaos(): Promise<ChaosDeps>;
  /** Options the game's `chaos inject` runner needs to reach the same lab. */
  runnerArgs: string[];
  deskUrl: string;
  pagerUrl: string;
  prometheusUrl: string;
  /** The local workspace's credentials (bot token, API URL). */
  workspaceCredentialsFile: string;
  deskJournalFile: string;
  reportsDir: string;
  probeEnv: ProbeEnv;
}

/** The running lab of `stateDir`, from the state file `firedrill lab` writes; a game needs one. */
export function labAccess(stateDir: string): LabAccess {
  const state = readState(stateDir);
  if (!state || !alive(state.pid)) throw new GameError('no_lab', `no lab is running in ${stateDir}; start it with \`make lab\` (or \`npx firedrill lab --state-dir ${stateDir}\`) first`);
  const url = (port: number) => `http://127.0.0.1:${port}`;
  const ports = state.ports;
  const byName = ports as unknown as Record<string, number | undefined>;
  return {
    stateDir,
    chaos: async () => chaosDeps(stateDir, ports, controlRuntime(state.socket)),
    runnerArgs: [],
    deskUrl: url(ports.desk), pagerUrl: url(ports.pager), prometheusUrl: url(ports.prometheus),
    workspaceCredentialsFile: join(stateDir, 'workspace', 'credentials.json'),
    deskJournalFile: join(stateDir, 'desk', 'journal.jsonl'),
    reportsDir: join(stateDir, 'reports'),
    probeEnv: {
      prometheusUrl: url(ports.prometheus),
      serviceUrl: (name) => {
        const port = byName[name];
        if (port === undefined) throw new GameError('no_service', `the lab has no ${name}`);
        return url(port);
      },
    },
  };
}

/** Where the workspace's page and API answer inside the cluster (the desk's init container rewrites the credentials for it). */
const CLUSTER_CREDENTIALS = '/run/firedrill/credentials.json';

/**
 * The lab on Kubernetes, from inside its namespace (`kubectl exec` into the desk, which holds
 * the state volume): the Services for URLs, the Kubernetes API for a reset, and a runner
 * started with `--runtime kubernetes` in the same namespace.
 */
export function clusterLabAccess(root: string, stateDir: string, target: ClusterTarget): LabAccess {
  return {
    stateDir,
    chaos: async () => {
      // The Kubernetes client is loaded only here, for a lab on Kubernetes (cluster-target.ts says why).
      const { clusterChaosDeps } = await import('../cli/chaos-cluster.js');
      return clusterChaosDeps(root, stateDir, target, { log: pino({ level: 'warn' }, pino.destination(2)) }).deps;
    },
    runnerArgs: ['--runtime', 'kubernetes', '--namespace', target.namespace, ...(target.context ? ['--context', target.context] : []), ...(target.allowOtherContext ? ['--allow-other-context'] : [])],
    deskUrl: clusterUrl('desk'), pagerUrl: clusterUrl('pager'), prometheusUrl: clusterUrl('prometheus'),
    // The state volume's copy names the workspace as it listens (0.0.0.0); the rewritten one as the namespace reaches it.
    workspaceCredentialsFile: existsSync(CLUSTER_CREDENTIALS) ? CLUSTER_CREDENTIALS : join(stateDir, 'workspace', 'credentials.json'),
    deskJournalFile: join(stateDir, 'desk', 'journal.jsonl'),
    reportsDir: join(stateDir, 'reports'),
    probeEnv: { prometheusUrl: clusterUrl('prometheus'), serviceUrl: clusterUrl },
  };
}

/** The lab a game command plays in: the local one, or the one on Kubernetes when a cluster target is given. */
export function gameLab(ctx: { root: string; stateDir: string; cluster?: ClusterTarget | undefined }): LabAccess {
  return ctx.cluster ? clusterLabAccess(ctx.root, ctx.stateDir, ctx.cluster) : labAccess(ctx.stateDir);
}
