import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { envPrefix } from '../../../services/kit/config.js';
import type { PodDetail, PodPhase, PodSummary, LabEvent } from '../runtime.js';
import { CONFIG_VOLUME, NAME_LABEL } from './labels.js';

const SECRET = /TOKEN|SECRET|PASSWORD|KEY/i;

/** The client turns RFC 3339 fields into Dates; fixtures and older objects may still carry strings. */
export function iso(value: Date | string | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === 'string' ? Date.parse(value) : value.getTime();
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export function deployableOf(pod: V1Pod): string {
  return pod.metadata?.labels?.[NAME_LABEL] ?? pod.metadata?.name ?? '';
}

/** The container that runs the deployable: the one named after it, or the first. */
export function mainContainer<T extends { name: string }>(containers: readonly T[] | undefined, deployable: string): T | undefined {
  return containers?.find((c) => c.name === deployable) ?? containers?.[0];
}

function phaseOf(pod: V1Pod): PodPhase {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  // kubectl shows the waiting reason over the phase: a crash-looping pod is "Running" to the API.
  if (pod.status?.containerStatuses?.some((c) => c.state?.waiting?.reason === 'CrashLoopBackOff')) return 'CrashLoopBackOff';
  const phase = pod.status?.phase;
  return phase === 'Running' || phase === 'Succeeded' || phase === 'Failed' ? phase : 'Pending';
}

export function podSummary(pod: V1Pod, replicas: number): PodSummary {
  const deployable = deployableOf(pod);
  const status = mainContainer(pod.status?.containerStatuses, deployable);
  const container = mainContainer(pod.spec?.containers, deployable);
  return {
    name: pod.metadata?.name ?? '',
    deployable,
    status: phaseOf(pod),
    ready: pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    restarts: (pod.status?.containerStatuses ?? []).reduce((n, c) => n + c.restartCount, 0),
    startedAt: iso(status?.state?.running?.startedAt) ?? iso(pod.status?.startTime),
    // A process id means nothing across a node boundary; the local lab's pids have no counterpart here.
    pid: undefined,
    port: container?.ports?.[0]?.containerPort,
    replicas,
  };
}

/**
 * A row for a Deployment with no pod, so `kubectl_get_pods orders` still finds a deployable
 * scaled to zero (as the local lab lists it) instead of calling it unknown.
 */
export function emptyDeploymentSummary(deployment: V1Deployment): PodSummary {
  const replicas = deployment.spec?.replicas ?? 1;
  return {
    name: deployment.metadata?.name ?? '', deployable: deployment.metadata?.name ?? '', status: replicas === 0 ? 'Succeeded' : 'Pending',
    ready: false, restarts: 0, startedAt: undefined, pid: undefined, port: undefined, replicas,
  };
}

/** The pod a deployable's name stands for: the newest one that is not on its way out. */
export function newestPod(pods: readonly V1Pod[]): V1Pod | undefined {
  const created = (p: V1Pod) => Date.parse(iso(p.metadata?.creationTimestamp) ?? '') || 0;
  const live = pods.filter((p) => !p.metadata?.deletionTimestamp);
  return [...(live.length > 0 ? live : pods)].sort((a, b) => created(b) - created(a))[0];
}

export function podDetail(pod: V1Pod, replicas: number, events: LabEvent[]): PodDetail {
  const summary = podSummary(pod, replicas);
  const container = mainContainer(pod.spec?.containers, summary.deployable);
  const status = mainContainer(pod.status?.containerStatuses, summary.deployable);
  const env = Object.fromEntries((container?.env ?? []).map((e) => [
    e.name,
    SECRET.test(e.name) ? '***' : e.value ?? (e.valueFrom ? `(from ${Object.keys(e.valueFrom)[0] ?? 'a reference'})` : ''),
  ]));
  // The file the service reads (its <PREFIX>_CONFIG_FILE), else where the config volume is mounted.
  const configEnv = container?.env?.find((e) => e.name === `${envPrefix(summary.deployable)}_CONFIG_FILE`)?.value;
  const mount = container?.volumeMounts?.find((m) => m.name === CONFIG_VOLUME);
  const terminated = status?.lastState?.terminated;
  return {
    ...summary,
    command: [...(container?.command ?? []), ...(container?.args ?? [])],
    env,
    configFile: configEnv ?? mount?.mountPath,
    // The kubelet rarely reports a signal; its reason (OOMKilled, Error) is what an investigator needs in that slot.
    lastExit: terminated ? { code: terminated.exitCode, signal: terminated.signal !== undefined ? String(terminated.signal) : terminated.reason ?? null, at: iso(terminated.finishedAt) ?? '' } : undefined,
    // Needs metrics-server (metrics.k8s.io); the lab does not install it.
    rssBytes: undefined,
    events,
  };
}
