import type { KubeConfig, V1Deployment, V1Pod } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { RuntimeError, type LabEvent, type LogQuery, type PodSummary, type Runtime } from '../runtime.js';
import { createLabApi, type LabApi } from './api.js';
import { labEvent } from './events.js';
import { assertLabTarget } from './guard.js';
import { CHAOS_EXPIRES_AT, CHAOS_RUN, PART_OF, PART_OF_LABEL } from './labels.js';
import { deployConfig, restartDeployment, scaleDeployment } from './mutations.js';
import type { ChaosChange } from './chaos.js';
import { rollBack } from './rollback.js';
import { deployableOf, emptyDeploymentSummary, mainContainer, newestPod, podDetail, podSummary } from './pods.js';

export interface KubernetesRuntimeOptions {
  kubeConfig: KubeConfig;
  namespace: string;
  /** The lab's kubeconfig context; `kind-firedrill` unless said otherwise. */
  context?: string;
  allowOtherContext?: boolean;
  log: Logger;
  now?: () => Date;
}

export interface SweptChange {
  deployable: string;
  run: string | undefined;
  expiresAt: string;
  /** Set when the undo failed; the annotations then stay, so the next sweep tries again. */
  error?: string;
}

export interface KubernetesRuntime extends Runtime {
  deploy(deployable: string, config: { file: string; content: string; release?: string }, chaos?: ChaosChange): Promise<PodSummary>;
  scale(deployable: string, replicas: number, chaos?: ChaosChange): Promise<PodSummary>;
  /** `kubectl rollout undo [--to-revision]`: back to the previous revision's pod template, config included. */
  rolloutUndo(deployable: string, opts?: { toRevision?: number }): Promise<PodSummary>;
  /** Undoes every chaos change in the namespace whose expiry has passed, and clears its annotations. */
  sweepExpired(now?: Date): Promise<SweptChange[]>;
}

/**
 * The Runtime of a lab on Kubernetes: the lab namespace's Deployments and pods, read and
 * changed as kubectl would, through @kubernetes/client-node. Refuses a kubeconfig whose
 * current context is not the lab's (see assertLabTarget).
 */
export function createKubernetesRuntime(opts: KubernetesRuntimeOptions): KubernetesRuntime {
  assertLabTarget(opts.kubeConfig, { namespace: opts.namespace, ...(opts.context ? { context: opts.context } : {}), ...(opts.allowOtherContext ? { allowOtherContext: true } : {}) });
  const api = createLabApi(opts.kubeConfig, opts.namespace);
  const log = opts.log.child({ runtime: 'kubernetes', namespace: opts.namespace });
  const now = opts.now ?? (() => new Date());

  const listEvents = async (known: ReadonlySet<string>): Promise<LabEvent[]> =>
    (await api.listEvents()).flatMap((e) => labEvent(e, known) ?? []).sort((a, b) => a.at.localeCompare(b.at));

  const summaryAfter = async (d: V1Deployment): Promise<PodSummary> => {
    const name = d.metadata?.name ?? '';
    const pod = newestPod(await api.listPods(name));
    return pod ? podSummary(pod, d.spec?.replicas ?? 1) : emptyDeploymentSummary(d);
  };

  return {
    async listPods() {
      const [pods, deployments] = await Promise.all([api.listPods(), api.listDeployments()]);
      const replicas = new Map(deployments.map((d) => [d.metadata?.name ?? '', d.spec?.replicas ?? 1]));
      const rows = pods.map((p) => podSummary(p, replicas.get(deployableOf(p)) ?? 1));
      const withPods = new Set(rows.map((r) => r.deployable));
      return [...rows, ...deployments.filter((d) => !withPods.has(d.metadata?.name ?? '')).map(emptyDeploymentSummary)];
    },
    async describePod(nameOrDeployable) {
      const pod = await resolvePod(api, nameOrDeployable);
      const deployable = deployableOf(pod);
      const [deployment, events] = await Promise.all([api.readDeployment(deployable), listEvents(new Set([deployable]))]);
      return podDetail(pod, deployment.spec?.replicas ?? 1, events.filter((e) => e.deployable === deployable).slice(-50));
    },
    async events(filter = {}) {
      const known = new Set((await api.listDeployments()).map((d) => d.metadata?.name ?? ''));
      const since = filter.since ? Date.parse(filter.since) : undefined;
      return (await listEvents(known)).filter((e) => (!filter.deployable || e.deployable === filter.deployable) && (since === undefined || Date.parse(e.at) >= since));
    },
    async logs(nameOrDeployable, query: LogQuery = {}) {
      const pod = await resolvePod(api, nameOrDeployable);
      const container = mainContainer(pod.spec?.containers, deployableOf(pod))?.name;
      const sinceTime = query.since === undefined ? undefined : sinceIso(query.since);
      const text = await api.podLog(pod.metadata?.name ?? '', container, { ...(query.tail !== undefined ? { tailLines: query.tail } : {}), ...(sinceTime ? { sinceTime } : {}) });
      return text.split('\n').filter((l) => l !== '');
    },
    async restart(deployable) {
      log.info({ deployable }, 'rollout restart');
      return summaryAfter(await restartDeployment(api, deployable, now()));
    },
    async deploy(deployable, config, chaos) {
      return summaryAfter(await deployConfig(api, log, deployable, config, chaos));
    },
    async scale(deployable, replicas, chaos) {
      return summaryAfter(await scaleDeployment(api, log, deployable, replicas, chaos));
    },
    async rolloutUndo(deployable, undo = {}) {
      return summaryAfter(await rollBack(api, log, deployable, undo));
    },
    async sweepExpired(at = now()) {
      const swept: SweptChange[] = [];
      for (const d of await api.listDeployments()) {
        const annotations = d.metadata?.annotations ?? {};
        const expiresAt = annotations[CHAOS_EXPIRES_AT];
        if (expiresAt === undefined || !(Date.parse(expiresAt) <= at.getTime())) continue;
        const deployable = d.metadata?.name ?? '';
        const change: SweptChange = { deployable, run: annotations[CHAOS_RUN], expiresAt };
        try {
          await rollBack(api, log, deployable, { sweep: true });
          log.info({ deployable, run: change.run, expiresAt }, 'expired chaos undone');
        } catch (err) {
          // One stuck Deployment must not keep the others' chaos alive; it is retried next sweep.
          change.error = (err as Error).message;
          log.error({ deployable, run: change.run, err }, 'could not undo expired chaos');
        }
        swept.push(change);
      }
      return swept;
    },
  };
}

/** A pod by its name, or else the newest pod of the deployable of that name. */
async function resolvePod(api: LabApi, nameOrDeployable: string): Promise<V1Pod> {
  const byName = await api.readPod(nameOrDeployable);
  // A pod that is not the lab's is not ours to show, even in the lab's namespace.
  if (byName?.metadata?.labels?.[PART_OF_LABEL] === PART_OF) return byName;
  const pod = newestPod(await api.listPods(nameOrDeployable));
  if (!pod) throw new RuntimeError('not_found', `no pod or deployment "${nameOrDeployable}" in namespace "${api.namespace}"`);
  return pod;
}

/** `since` as the API's sinceTime: epoch ms arrive as numbers or digit strings (through the control socket). */
function sinceIso(since: string | number): string {
  const ms = typeof since === 'number' ? since : /^\d+$/.test(since) ? Number(since) : Date.parse(since);
  if (Number.isNaN(ms)) throw new RuntimeError('invalid_since', `since: "${since}" is not a time (ISO 8601 or epoch ms)`);
  return new Date(ms).toISOString();
}
