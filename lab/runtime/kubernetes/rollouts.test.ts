import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { afterEach, describe, expect, it } from 'vitest';
import { RuntimeError } from '../runtime.js';
import { CHAOS_EXPIRES_AT, CHAOS_PRIOR_REPLICAS, CHAOS_PRIOR_REVISION, CHAOS_RUN } from './index.js';
import type { KubeObject, SeenRequest } from './stand-in/stand-in-api-server.js';
import { NS, ORDERS_CONFIG } from './stand-in/stand-in-fixtures.js';
import { startStandInLab, type StandInLab } from './stand-in/stand-in-lab.js';

type Template = { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: { containers: { name: string; env: { name: string; value?: string }[] }[]; volumes: { name: string; configMap: { name: string; defaultMode?: number } }[] } };
type Dep = KubeObject & { metadata: { annotations?: Record<string, string>; resourceVersion: string; uid: string }; spec: { replicas: number; template: Template } };
type Rs = KubeObject & { metadata: { annotations: Record<string, string>; ownerReferences?: { uid: string }[] }; spec: { template: Template } };

const DEPLOYMENTS = `/apis/apps/v1/namespaces/${NS}/deployments`;
const CONFIGMAPS = `/api/v1/namespaces/${NS}/configmaps`;
const MIN = 60_000;

let lab: StandInLab | undefined;
afterEach(async () => {
  await lab?.server.close();
  lab = undefined;
});
const started = async (): Promise<StandInLab> => (lab = await startStandInLab());
const deployment = (l: StandInLab, name: string) => structuredClone(l.server.get('deployments', NS, name)) as Dep;
const writes = (l: StandInLab, from = 0): SeenRequest[] => l.server.requests.slice(from).filter((r) => r.method !== 'GET');
const replicaSets = (l: StandInLab, owner: Dep): Rs[] => (l.server.list('replicasets', NS) as Rs[])
  .filter((rs) => rs.metadata.ownerReferences?.some((o) => o.uid === owner.metadata.uid));
const configVolume = (d: Dep) => d.spec.template.spec.volumes.find((v) => v.name === 'config')?.configMap;
const withoutHash = (t: Template): Template => ({ ...t, metadata: { ...t.metadata, labels: Object.fromEntries(Object.entries(t.metadata.labels).filter(([k]) => k !== 'pod-template-hash')) } });
const rejection = async (p: Promise<unknown>): Promise<RuntimeError> => {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(RuntimeError);
  return err as RuntimeError;
};

describe('restart', () => {
  it('patches the pod template\'s restartedAt, as kubectl rollout restart does', async () => {
    const l = await started();
    const before = Math.floor(Date.now() / 1000) * 1000;
    const pod = await l.runtime.restart('orders');
    const [patch] = writes(l);
    expect(patch).toMatchObject({ method: 'PATCH', path: `${DEPLOYMENTS}/orders`, contentType: 'application/strategic-merge-patch+json' });
    const at = (patch?.body as { spec: { template: { metadata: { annotations: Record<string, string> } } } }).spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'] ?? '';
    expect(patch?.body).toEqual({ spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } } });
    expect(Date.parse(at)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(at)).toBeLessThanOrEqual(Date.now());
    const after = deployment(l, 'orders');
    expect(after.spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']).toBe(at);
    expect(() => new Deployment(after as never).validate()).not.toThrow();
    expect(pod.deployable).toBe('orders');
  });
});

describe('deploy', () => {
  it('creates an immutable content-named ConfigMap and points the config volume at it, with the release', async () => {
    const l = await started();
    const before = deployment(l, 'orders');
    const content = 'pool:\n  size: 3\n';
    await l.runtime.deploy('orders', { file: 'config/orders.yaml', content, release: '2026.12.0' });
    const [create, patch] = writes(l);
    const cm = create?.body as { metadata: { name: string; labels: Record<string, string> }; immutable: boolean; data: Record<string, string> };
    expect(create).toMatchObject({ method: 'POST', path: CONFIGMAPS, status: 201 });
    expect(cm.metadata.name).toMatch(/^orders-config-[0-9a-f]{10}$/);
    expect(cm.immutable).toBe(true);
    // The key the current ConfigMap uses, so the file does not move inside the container.
    const currentKeys = Object.keys((l.server.get('configmaps', NS, configVolume(before)?.name ?? '')?.data ?? {}));
    expect(cm.data).toEqual({ [currentKeys[0] ?? '']: content });
    expect(() => new ConfigMap(create?.body as never).validate()).not.toThrow();
    expect(patch).toMatchObject({ method: 'PATCH', path: `${DEPLOYMENTS}/orders`, contentType: 'application/strategic-merge-patch+json' });
    expect((patch?.body as { metadata: { resourceVersion: string } }).metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect((patch?.body as { spec: { template: { spec: { volumes: unknown } } } }).spec.template.spec.volumes).toEqual([{ name: 'config', configMap: { name: cm.metadata.name } }]);
    const after = deployment(l, 'orders');
    expect(configVolume(after)).toEqual({ ...configVolume(before), name: cm.metadata.name });
    const env = after.spec.template.spec.containers.find((c) => c.name === 'orders')?.env ?? [];
    expect(env.find((e) => e.name === 'ORDERS_RELEASE')?.value).toBe('2026.12.0');
    expect(env.map((e) => e.name)).toEqual(before.spec.template.spec.containers[0]?.env.map((e) => e.name));
    expect(after.metadata.annotations?.['firedrill.dev/release']).toBe('2026.12.0');
    expect(() => new Deployment(after as never).validate()).not.toThrow();

    // The same content again reuses the ConfigMap (409 AlreadyExists is not an error); other content gets another.
    const mark = l.server.requests.length;
    await l.runtime.deploy('orders', { file: 'config/orders.yaml', content, release: '2026.12.0' });
    expect(writes(l, mark).map((r) => [r.method, r.status])).toEqual([['POST', 409], ['PATCH', 200]]);
    await l.runtime.deploy('orders', { file: 'config/orders.yaml', content: ORDERS_CONFIG });
    expect(configVolume(deployment(l, 'orders'))?.name).not.toBe(cm.metadata.name);
  });

  it('refuses a deployable without a config volume, and an existing ConfigMap of that name with other data', async () => {
    const l = await started();
    l.server.write('deployments', NS, 'partners', (d) => {
      (d as Dep).spec.template.spec.volumes = [];
    });
    expect((await rejection(l.runtime.deploy('partners', { file: 'partners.yaml', content: 'x: 1\n' }))).code).toBe('not_deployable');
    await l.runtime.deploy('orders', { file: 'orders.yaml', content: 'x: 1\n' });
    const name = configVolume(deployment(l, 'orders'))?.name ?? '';
    l.server.write('configmaps', NS, name, (cm) => {
      cm.data = { 'orders.yaml': 'tampered' };
    });
    expect((await rejection(l.runtime.deploy('orders', { file: 'orders.yaml', content: 'x: 1\n' }))).code).toBe('conflict');
  });
});

describe('rolloutUndo', () => {
  it('patches in the previous revision\'s template minus pod-template-hash, ignoring ReplicaSets orders does not own', async () => {
    const l = await started();
    const before = deployment(l, 'orders');
    const current = Number(before.metadata.annotations?.['deployment.kubernetes.io/revision']);
    const previous = replicaSets(l, before).filter((rs) => Number(rs.metadata.annotations['deployment.kubernetes.io/revision']) < current)
      .sort((a, b) => Number(b.metadata.annotations['deployment.kubernetes.io/revision']) - Number(a.metadata.annotations['deployment.kubernetes.io/revision']))[0];
    expect(previous).toBeDefined();
    await l.runtime.rolloutUndo('orders');
    const [patch] = writes(l);
    expect(patch).toMatchObject({ method: 'PATCH', path: `${DEPLOYMENTS}/orders`, contentType: 'application/json-patch+json' });
    const ops = patch?.body as { op: string; path: string; value: unknown }[];
    expect(ops.find((o) => o.path === '/spec/template')).toEqual({ op: 'replace', path: '/spec/template', value: withoutHash(previous?.spec.template as Template) });
    const after = deployment(l, 'orders');
    expect(after.spec.template).toEqual(withoutHash(previous?.spec.template as Template));
    expect(configVolume(after)?.name).toBe(configVolume({ spec: { template: previous?.spec.template } } as Dep)?.name);
    expect(() => new Deployment(after as never).validate()).not.toThrow();
    expect((await rejection(l.runtime.rolloutUndo('orders', { toRevision: 99 }))).code).toBe('no_revision');
  });

  it('undoes a deploy, config included', async () => {
    const l = await started();
    const before = deployment(l, 'orders');
    await l.runtime.deploy('orders', { file: 'orders.yaml', content: 'pool:\n  size: 1\n', release: 'bad' });
    expect(configVolume(deployment(l, 'orders'))?.name).not.toBe(configVolume(before)?.name);
    await l.runtime.rolloutUndo('orders');
    expect(deployment(l, 'orders').spec.template).toEqual(before.spec.template);
  });
});

describe('scale', () => {
  it('patches the replicas with the resourceVersion it read', async () => {
    const l = await started();
    const before = deployment(l, 'fulfillment');
    const pod = await l.runtime.scale('fulfillment', 0);
    const [patch] = writes(l);
    expect(patch).toMatchObject({ method: 'PATCH', path: `${DEPLOYMENTS}/fulfillment`, contentType: 'application/strategic-merge-patch+json' });
    expect(patch?.body).toEqual({ metadata: { resourceVersion: before.metadata.resourceVersion }, spec: { replicas: 0 } });
    expect(deployment(l, 'fulfillment').spec.replicas).toBe(0);
    expect(pod.replicas).toBe(0);
    const mark = l.server.requests.length;
    expect((await rejection(l.runtime.scale('fulfillment', -1))).code).toBe('invalid_replicas');
    expect(l.server.requests.length).toBe(mark);
  });

  it('retries once when another writer changed the Deployment in between, keeping their change', async () => {
    const l = await started();
    const concurrent = () => l.server.write('deployments', NS, 'orders', (d) => {
      d.metadata.annotations = { ...(d.metadata.annotations as object), 'example.com/other-writer': 'yes' };
    });
    l.server.beforeNext((m, p) => m === 'PATCH' && p === `${DEPLOYMENTS}/orders`, concurrent);
    await l.runtime.scale('orders', 3);
    const patches = l.server.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.status)).toEqual([409, 200]);
    const after = deployment(l, 'orders');
    expect((patches[1]?.body as { metadata: { resourceVersion: string } }).metadata.resourceVersion).not.toBe((patches[0]?.body as { metadata: { resourceVersion: string } }).metadata.resourceVersion);
    expect(after.spec.replicas).toBe(3);
    expect(after.metadata.annotations?.['example.com/other-writer']).toBe('yes');

    l.server.beforeNext((m, p) => m === 'PATCH' && p === `${DEPLOYMENTS}/orders`, concurrent);
    l.server.beforeNext((m, p) => m === 'PATCH' && p === `${DEPLOYMENTS}/orders`, concurrent);
    expect((await rejection(l.runtime.scale('orders', 1))).code).toBe('conflict');
    expect(deployment(l, 'orders').spec.replicas).toBe(3);
  });
});

describe('chaos expiry', () => {
  it('annotates chaos changes and sweepExpired undoes only the expired ones, clearing the annotations', async () => {
    const l = await started();
    const t0 = Date.now();
    const orders = deployment(l, 'orders');
    const fulfillment = deployment(l, 'fulfillment');
    await l.runtime.deploy('orders', { file: 'orders.yaml', content: 'pool:\n  size: 1\n' }, { expiresAt: new Date(t0 + 10 * MIN), run: 'run-config' });
    await l.runtime.scale('fulfillment', 0, { expiresAt: new Date(t0 + 5 * MIN), run: 'run-scale' });
    // A second change before the first expired keeps the original way back.
    await l.runtime.scale('fulfillment', 1, { expiresAt: new Date(t0 + 5 * MIN), run: 'run-scale' });
    expect(deployment(l, 'orders').metadata.annotations).toMatchObject({
      [CHAOS_EXPIRES_AT]: new Date(t0 + 10 * MIN).toISOString(), [CHAOS_RUN]: 'run-config',
      [CHAOS_PRIOR_REVISION]: orders.metadata.annotations?.['deployment.kubernetes.io/revision'],
    });
    expect(deployment(l, 'fulfillment').metadata.annotations).toMatchObject({ [CHAOS_RUN]: 'run-scale', [CHAOS_PRIOR_REPLICAS]: String(fulfillment.spec.replicas) });

    const mark = l.server.requests.length;
    const first = await l.runtime.sweepExpired(new Date(t0 + 7 * MIN));
    expect(first.map((s) => [s.deployable, s.run, s.error])).toEqual([['fulfillment', 'run-scale', undefined]]);
    expect(writes(l, mark).map((r) => r.path)).toEqual([`${DEPLOYMENTS}/fulfillment`]);
    const restored = deployment(l, 'fulfillment');
    expect(restored.spec.replicas).toBe(fulfillment.spec.replicas);
    expect(Object.keys(restored.metadata.annotations ?? {}).filter((k) => k.startsWith('firedrill.dev/chaos'))).toEqual([]);
    expect(deployment(l, 'orders').metadata.annotations?.[CHAOS_EXPIRES_AT]).toBeDefined();

    const second = await l.runtime.sweepExpired(new Date(t0 + 11 * MIN));
    expect(second.map((s) => [s.deployable, s.run, s.error])).toEqual([['orders', 'run-config', undefined]]);
    const back = deployment(l, 'orders');
    expect(back.spec.template).toEqual(orders.spec.template);
    expect(Object.keys(back.metadata.annotations ?? {}).filter((k) => k.startsWith('firedrill.dev/chaos'))).toEqual([]);
    expect(() => new Deployment(back as never).validate()).not.toThrow();
    expect(await l.runtime.sweepExpired(new Date(t0 + 60 * MIN))).toEqual([]);
  });
});
