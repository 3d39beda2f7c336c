import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ReplicaSet } from 'kubernetes-models/apps/v1/ReplicaSet';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Event } from 'kubernetes-models/v1/Event';
import { Pod } from 'kubernetes-models/v1/Pod';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { RuntimeError } from '../runtime.js';
import { KUBERNETES_RUNTIME_CALLS, assertLabTarget, createKubernetesRuntime } from './index.js';
import { NS, ORDERS_POD_LOGS, labObjects } from './stand-in/stand-in-fixtures.js';
import { labKubeConfig, startStandInLab, type StandInLab } from './stand-in/stand-in-lab.js';

type Obj = { metadata: { name: string; namespace?: string; labels?: Record<string, string>; creationTimestamp?: string }; [k: string]: unknown };
const MODELS: Record<string, (o: unknown) => { validate(): void }> = {
  Pod: (o) => new Pod(o as never), Event: (o) => new Event(o as never), ConfigMap: (o) => new ConfigMap(o as never),
  Deployment: (o) => new Deployment(o as never), ReplicaSet: (o) => new ReplicaSet(o as never),
};
const labPods = () => labObjects().filter((o) => o.kind === 'Pod' && o.metadata.namespace === NS && (o as Obj).metadata.labels?.['app.kubernetes.io/part-of'] === 'firedrill') as unknown as Obj[];
const rejection = async (p: Promise<unknown>): Promise<RuntimeError> => {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(RuntimeError);
  return err as RuntimeError;
};

let lab: StandInLab | undefined;
afterEach(async () => {
  await lab?.server.close();
  lab = undefined;
});

describe('the stand-in fixtures', () => {
  it('are valid Kubernetes objects', () => {
    for (const obj of labObjects()) expect(() => MODELS[obj.kind]?.(obj).validate(), `${obj.kind} ${obj.metadata.name}`).not.toThrow();
    expect(new Set(labObjects().map((o) => o.kind))).toEqual(new Set(Object.keys(MODELS)));
  });
});

describe('KubernetesRuntime reads', () => {
  it('lists the lab\'s pods in its namespace, and a row for a Deployment scaled to zero', async () => {
    lab = await startStandInLab();
    const pods = await lab.runtime.listPods();
    const deployments = labObjects().filter((o) => o.kind === 'Deployment') as unknown as { metadata: { name: string }; spec: { replicas: number } }[];
    expect(pods.filter((p) => p.pid === undefined && p.startedAt).map((p) => p.name).sort()).toEqual(labPods().map((p) => p.metadata.name).sort());
    for (const fixture of labPods()) {
      const row = pods.find((p) => p.name === fixture.metadata.name);
      const status = fixture.status as { containerStatuses: { restartCount: number; state: { waiting?: { reason: string } } }[]; conditions: { type: string; status: string }[] };
      const deployable = fixture.metadata.labels?.['app.kubernetes.io/name'] ?? '';
      expect(row).toMatchObject({
        deployable,
        restarts: status.containerStatuses.reduce((n, c) => n + c.restartCount, 0),
        ready: status.conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
        replicas: deployments.find((d) => d.metadata.name === deployable)?.spec.replicas,
        status: status.containerStatuses.some((c) => c.state.waiting?.reason === 'CrashLoopBackOff') ? 'CrashLoopBackOff' : 'Running',
      });
    }
    const withoutPods = deployments.filter((d) => !labPods().some((p) => p.metadata.labels?.['app.kubernetes.io/name'] === d.metadata.name));
    expect(withoutPods.length).toBeGreaterThan(0);
    for (const d of withoutPods) expect(pods.find((p) => p.deployable === d.metadata.name)).toMatchObject({ replicas: d.spec.replicas, ready: false, status: 'Succeeded' });
    expect(pods.map((p) => p.name)).not.toContain('debug-shell');
    expect(lab.server.requests.map((r) => [r.method, r.path, r.query])).toEqual(expect.arrayContaining([
      ['GET', `/api/v1/namespaces/${NS}/pods`, { labelSelector: 'app.kubernetes.io/part-of=firedrill' }],
      ['GET', `/apis/apps/v1/namespaces/${NS}/deployments`, { labelSelector: 'app.kubernetes.io/part-of=firedrill' }],
    ]));
  });

  it('describes a deployable\'s newest pod: redacted env, mount, last exit, its own events in kubectl\'s order', async () => {
    lab = await startStandInLab();
    const fulfillment = labPods().filter((p) => p.metadata.labels?.['app.kubernetes.io/name'] === 'fulfillment');
    const newest = fulfillment.sort((a, b) => Date.parse(b.metadata.creationTimestamp ?? '') - Date.parse(a.metadata.creationTimestamp ?? ''))[0];
    const detail = await lab.runtime.describePod('fulfillment');
    expect(detail.name).toBe(newest?.metadata.name);
    const container = (newest?.spec as { containers: { env: { name: string; value?: string }[]; volumeMounts: { name: string; mountPath: string }[] }[] }).containers[0];
    for (const e of container?.env ?? []) expect(detail.env[e.name]).toBe(/TOKEN/.test(e.name) ? '***' : e.value);
    const configFile = container?.env.find((e) => e.name === 'FULFILLMENT_CONFIG_FILE')?.value;
    expect(configFile?.startsWith(container?.volumeMounts.find((m) => m.name === 'config')?.mountPath ?? '-')).toBe(true);
    expect(detail.configFile).toBe(configFile);
    const terminated = (newest?.status as { containerStatuses: { lastState: { terminated: { exitCode: number; reason: string } } }[] }).containerStatuses[0]?.lastState.terminated;
    expect(detail.lastExit).toMatchObject({ code: terminated?.exitCode, signal: terminated?.reason });
    expect(detail.events.length).toBeGreaterThan(0);
    expect(detail.events.every((e) => e.deployable === 'fulfillment')).toBe(true);
    expect(detail.events.map((e) => e.at)).toEqual([...detail.events.map((e) => e.at)].sort());
    expect(detail.events.find((e) => /Back-off restarting failed container/.test(e.message))).toMatchObject({ reason: 'CrashLoop', type: 'Warning' });
    expect(detail.events.find((e) => e.message.startsWith('FailedMount:'))).toMatchObject({ reason: 'Unhealthy', type: 'Warning' });
    // A name that is a pod is read directly; one that is a deployable is looked up by label after the 404.
    const byName = await lab.runtime.describePod(newest?.metadata.name ?? '');
    expect(byName.name).toBe(newest?.metadata.name);
    expect(lab.server.requests.filter((r) => r.path === `/api/v1/namespaces/${NS}/pods` && r.query.labelSelector?.endsWith('app.kubernetes.io/name=fulfillment'))).toHaveLength(1);
  });

  it('keeps only the lab\'s events, without scheduling noise, and filters by deployable and time', async () => {
    lab = await startStandInLab();
    const all = await lab.runtime.events();
    const fixtures = labObjects().filter((o) => o.kind === 'Event') as unknown as { metadata: { namespace: string }; involvedObject: { name: string }; reason: string }[];
    const labObjectsNamed = new Set(labPods().map((p) => p.metadata.name).concat(labObjects().filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name)));
    expect(all.length).toBeGreaterThan(0);
    for (const e of all) expect(fixtures.some((f) => f.metadata.namespace === NS && f.involvedObject.name === e.pod && labObjectsNamed.has(e.pod))).toBe(true);
    const scheduled = fixtures.filter((f) => f.reason === 'Scheduled').map((f) => f.involvedObject.name);
    expect(scheduled.length).toBeGreaterThan(0);
    expect(all.some((e) => /Successfully assigned/.test(e.message))).toBe(false);
    const since = all[Math.floor(all.length / 2)]?.at ?? '';
    const later = await lab.runtime.events({ since });
    expect(later).toEqual(all.filter((e) => e.at >= since));
    expect(later.length).toBeLessThan(all.length);
    expect(await lab.runtime.events({ deployable: 'orders' })).toEqual(all.filter((e) => e.deployable === 'orders'));
  });

  it('reads a deployable\'s logs with tailLines and sinceTime', async () => {
    lab = await startStandInLab();
    const pod = Object.keys(ORDERS_POD_LOGS)[0] ?? '';
    const lines = ORDERS_POD_LOGS[pod]?.orders ?? [];
    expect(await lab.runtime.logs('orders', { tail: 2 })).toEqual(lines.slice(-2).map((l) => l.text));
    const since = lines[2]?.at ?? '';
    expect(await lab.runtime.logs('orders', { since })).toEqual(lines.filter((l) => l.at >= since).map((l) => l.text));
    expect(await lab.runtime.logs(pod, { since: Date.parse(since), tail: 1 })).toEqual(lines.slice(-1).map((l) => l.text));
    const logCalls = lab.server.requests.filter((r) => r.path.endsWith('/log'));
    expect(logCalls.map((r) => [r.path, r.query])).toEqual([
      [`/api/v1/namespaces/${NS}/pods/${pod}/log`, { container: 'orders', tailLines: '2' }],
      [`/api/v1/namespaces/${NS}/pods/${pod}/log`, { container: 'orders', sinceTime: new Date(since).toISOString() }],
      [`/api/v1/namespaces/${NS}/pods/${pod}/log`, { container: 'orders', tailLines: '1', sinceTime: new Date(since).toISOString() }],
    ]);
  });
});

describe('KubernetesRuntime errors', () => {
  it('maps 403 outside the namespace, 404 and an unreachable API to RuntimeError codes', async () => {
    lab = await startStandInLab('kube-system');
    const forbidden = await rejection(lab.runtime.listPods());
    expect(forbidden.code).toBe('forbidden');
    expect(forbidden.message).toMatch(/namespace "kube-system"/);
    expect(forbidden.message).toMatch(/RBAC/);
    await lab.server.close();
    lab = await startStandInLab();
    expect((await rejection(lab.runtime.describePod('nope'))).code).toBe('not_found');
    expect((await rejection(lab.runtime.describePod('debug-shell'))).code).toBe('not_found');
    expect((await rejection(lab.runtime.restart('nope'))).code).toBe('not_found');
    const down = createKubernetesRuntime({ kubeConfig: labKubeConfig('http://127.0.0.1:9'), namespace: NS, log: pino({ level: 'silent' }) });
    expect((await rejection(down.listPods())).code).toBe('no_lab');
  });
});

describe('assertLabTarget', () => {
  it('refuses a context other than the lab\'s, naming it and the override, and accepts it when told', () => {
    const prod = labKubeConfig('http://127.0.0.1:9', 'prod-eu-1');
    let err: unknown;
    try {
      assertLabTarget(prod, { namespace: NS });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RuntimeError);
    expect((err as RuntimeError).code).toBe('wrong_context');
    expect((err as Error).message).toMatch(/"prod-eu-1"/);
    expect((err as Error).message).toMatch(/allowOtherContext/);
    expect(() => createKubernetesRuntime({ kubeConfig: prod, namespace: NS, log: pino({ level: 'silent' }) })).toThrow(/prod-eu-1/);
    expect(() => assertLabTarget(prod, { namespace: NS, allowOtherContext: true })).not.toThrow();
    expect(() => assertLabTarget(prod, { namespace: NS, context: 'prod-eu-1' })).not.toThrow();
    expect(() => assertLabTarget(labKubeConfig('http://127.0.0.1:9'), { namespace: NS })).not.toThrow();
  });
});

describe('KUBERNETES_RUNTIME_CALLS', () => {
  it('is exactly what the runtime calls, all inside the lab\'s namespace', async () => {
    lab = await startStandInLab();
    const { runtime } = lab;
    await runtime.listPods();
    await runtime.describePod('orders');
    await runtime.events();
    await runtime.logs('orders', { tail: 1 });
    await runtime.restart('orders');
    await runtime.deploy('orders', { file: 'orders.yaml', content: 'pool:\n  size: 5\n', release: 'r2' }, { expiresAt: new Date(Date.now() - 1000), run: 'calls' });
    await runtime.scale('fulfillment', 1, { expiresAt: new Date(Date.now() - 1000), run: 'calls' });
    await runtime.rolloutUndo('orders');
    await runtime.sweepExpired();
    const seen = lab.server.requests.map((r) => {
      const m = /^\/(?:api\/v1|apis\/(apps)\/v1)\/namespaces\/([^/]+)\/([a-z]+)(\/[^/]+)?(\/[a-z]+)?$/.exec(r.path);
      expect(m?.[2], r.path).toBe(NS);
      const verb = r.method === 'GET' ? (m?.[4] ? 'get' : 'list') : r.method === 'POST' ? 'create' : r.method.toLowerCase();
      return JSON.stringify({ verb, resource: `${m?.[3] ?? ''}${m?.[5] ?? ''}`, apiGroup: m?.[1] ?? '' });
    });
    expect(new Set(seen)).toEqual(new Set(KUBERNETES_RUNTIME_CALLS.map((c) => JSON.stringify({ verb: c.verb, resource: c.resource, apiGroup: c.apiGroup }))));
  });
});
