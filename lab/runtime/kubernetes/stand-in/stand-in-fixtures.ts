import type { KubeObject, LogLine } from './stand-in-api-server.js';

/**
 * A small lab as the API server would return it: Deployments for orders (revision 2, its
 * config in a hash-named ConfigMap) and fulfillment, their ReplicaSets and pods, events and
 * logs; plus things the runtime must not show or touch: a debug pod without the lab's labels,
 * and partners (scaled to zero), a ReplicaSet with the lab's labels that orders does not own, and kube-system's objects.
 */
export const NS = 'firedrill';
const PART_OF = { 'app.kubernetes.io/part-of': 'firedrill' };
const ORDERS_UID = '6b1c8a52-1f0e-4c7a-9c51-0d4e1f0a3b21';
const FULFILLMENT_UID = '0f7e2d9a-8c3b-4b61-a0d2-5e9f6c1b7a44';
const PARTNERS_UID = '3d2c1b0a-9e8f-4a7b-8c6d-5e4f3a2b1c0d';

function container(name: string, port: number, release: string) {
  const prefix = name.toUpperCase();
  return {
    name, image: 'firedrill/lab:0.1.0', command: ['node', `dist/services/${name}/main.js`],
    ports: [{ containerPort: port, name: 'http', protocol: 'TCP' }],
    env: [
      { name: `${prefix}_PORT`, value: String(port) },
      { name: `${prefix}_CONFIG_FILE`, value: `/etc/firedrill/config/${name}.yaml` },
      { name: `${prefix}_RELEASE`, value: release },
      { name: `${prefix}_PARTNER_TOKEN`, valueFrom: { secretKeyRef: { name: 'partners', key: 'token' } } },
    ],
    volumeMounts: [{ name: 'config', mountPath: '/etc/firedrill/config', readOnly: true }],
  };
}

function template(name: string, port: number, release: string, configMap: string, hash?: string) {
  return {
    metadata: { labels: { ...PART_OF, 'app.kubernetes.io/name': name, ...(hash ? { 'pod-template-hash': hash } : {}) } },
    spec: { containers: [container(name, port, release)], volumes: [{ name: 'config', configMap: { name: configMap, defaultMode: 420 } }] },
  };
}

function deployment(name: string, uid: string, port: number, replicas: number, revision: number, release: string, configMap: string): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name, namespace: NS, uid, generation: revision, labels: { ...PART_OF, 'app.kubernetes.io/name': name }, annotations: { 'deployment.kubernetes.io/revision': String(revision) } },
    spec: { replicas, selector: { matchLabels: { ...PART_OF, 'app.kubernetes.io/name': name } }, template: template(name, port, release, configMap) },
  };
}

function replicaSet(name: string, hash: string, owner: { name: string; uid: string } | undefined, port: number, revision: number, release: string, configMap: string, replicas: number): KubeObject {
  const t = template(name, port, release, configMap, hash);
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: {
      name: `${owner?.name ?? `${name}-legacy`}-${hash}`, namespace: NS, labels: t.metadata.labels,
      annotations: { 'deployment.kubernetes.io/revision': String(revision) },
      ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: owner.name, uid: owner.uid, controller: true, blockOwnerDeletion: true }] } : {}),
    },
    spec: { replicas, selector: { matchLabels: t.metadata.labels }, template: t },
  };
}

function configMap(name: string, key: string, data: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NS, labels: { ...PART_OF, 'app.kubernetes.io/name': name.split('-config-')[0] ?? name } }, immutable: true, data: { [key]: data } };
}

function pod(name: string, deployable: string, hash: string, port: number, created: string, state: 'ready' | 'crashloop', labels = { ...PART_OF, 'app.kubernetes.io/name': deployable }): KubeObject {
  const started = new Date(Date.parse(created) + 5_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const status = state === 'ready'
    ? { name: deployable, ready: true, restartCount: 0, image: 'firedrill/lab:0.1.0', imageID: '', started: true, state: { running: { startedAt: started } } }
    : {
      name: deployable, ready: false, restartCount: 4, image: 'firedrill/lab:0.1.0', imageID: '', started: false,
      state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 1m20s restarting failed container=${deployable}` } },
      lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: started, finishedAt: created.replace('00Z', '40Z') } },
    };
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: NS, creationTimestamp: created, labels: { ...labels, 'pod-template-hash': hash } },
    spec: { containers: [container(deployable, port, '2026.11.1')] },
    status: {
      phase: 'Running', startTime: created,
      conditions: [{ type: 'Ready', status: state === 'ready' ? 'True' : 'False' }],
      containerStatuses: [status],
    },
  };
}

function event(name: string, kind: string, object: string, reason: string, type: 'Normal' | 'Warning', message: string, at: string, ns = NS): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: ns, creationTimestamp: at },
    involvedObject: { kind, name: object, namespace: ns }, reason, message, type, firstTimestamp: at, lastTimestamp: at, count: 1,
    source: { component: kind === 'Pod' ? 'kubelet' : 'deployment-controller' },
  };
}

export const ORDERS_CONFIG = 'pool:\n  size: 20\n';

export function labObjects(): KubeObject[] {
  return [
    deployment('orders', ORDERS_UID, 8081, 1, 2, '2026.11.1', 'orders-config-7d1f0a9c3e'),
    deployment('fulfillment', FULFILLMENT_UID, 8082, 2, 1, '2026.11.1', 'fulfillment-config-1a2b3c4d5e'),
    // Scaled to zero: no pods at all.
    deployment('partners', PARTNERS_UID, 8083, 0, 1, '2026.11.1', 'partners-config-2b3c4d5e6f'),
    replicaSet('partners', '8c7b6a5d4', { name: 'partners', uid: PARTNERS_UID }, 8083, 1, '2026.11.1', 'partners-config-2b3c4d5e6f', 0),
    replicaSet('orders', '5c8f7d9b4', { name: 'orders', uid: ORDERS_UID }, 8081, 1, '2026.10.3', 'orders-config-0b9e8d7c6a', 0),
    replicaSet('orders', '6f9d8c7a1', { name: 'orders', uid: ORDERS_UID }, 8081, 2, '2026.11.1', 'orders-config-7d1f0a9c3e', 1),
    // Same labels, not owned by orders: kubectl ignores it and so must we.
    replicaSet('orders', '9a9a9a9a9', undefined, 8081, 7, '2026.01.0', 'orders-config-ffffffffff', 0),
    replicaSet('fulfillment', '7b6a5c4d3', { name: 'fulfillment', uid: FULFILLMENT_UID }, 8082, 1, '2026.11.1', 'fulfillment-config-1a2b3c4d5e', 2),
    configMap('orders-config-7d1f0a9c3e', 'orders.yaml', ORDERS_CONFIG),
    configMap('orders-config-0b9e8d7c6a', 'orders.yaml', 'pool:\n  size: 10\n'),
    configMap('fulfillment-config-1a2b3c4d5e', 'fulfillment.yaml', 'webhook:\n  timeoutMs: 4000\n'),
    pod('orders-6f9d8c7a1-x2k4q', 'orders', '6f9d8c7a1', 8081, '2026-11-30T09:00:00Z', 'ready'),
    pod('fulfillment-7b6a5c4d3-p9m3z', 'fulfillment', '7b6a5c4d3', 8082, '2026-11-30T09:01:00Z', 'crashloop'),
    pod('fulfillment-7b6a5c4d3-h7t2r', 'fulfillment', '7b6a5c4d3', 8082, '2026-11-30T08:30:00Z', 'ready'),
    pod('debug-shell', 'debug', 'x', 8000, '2026-11-30T09:02:00Z', 'ready', {} as typeof PART_OF & { 'app.kubernetes.io/name': string }),
    { ...pod('coredns-5d78c9869d-abcde', 'coredns', '5d78c9869d', 53, '2026-11-30T08:00:00Z', 'ready'), metadata: { name: 'coredns-5d78c9869d-abcde', namespace: 'kube-system', creationTimestamp: '2026-11-30T08:00:00Z', labels: { ...PART_OF, 'app.kubernetes.io/name': 'coredns' } } },
    event('orders.1', 'Pod', 'orders-6f9d8c7a1-x2k4q', 'Scheduled', 'Normal', 'Successfully assigned firedrill/orders-6f9d8c7a1-x2k4q to firedrill-control-plane', '2026-11-30T09:00:00Z'),
    event('orders.2', 'Pod', 'orders-6f9d8c7a1-x2k4q', 'Started', 'Normal', 'Started container orders', '2026-11-30T09:00:05Z'),
    event('orders.3', 'Deployment', 'orders', 'ScalingReplicaSet', 'Normal', 'Scaled up replica set orders-6f9d8c7a1 from 0 to 1', '2026-11-30T08:59:59Z'),
    event('fulfillment.1', 'Pod', 'fulfillment-7b6a5c4d3-p9m3z', 'BackOff', 'Warning', 'Back-off restarting failed container fulfillment in pod fulfillment-7b6a5c4d3-p9m3z_firedrill', '2026-11-30T09:03:00Z'),
    event('fulfillment.2', 'Pod', 'fulfillment-7b6a5c4d3-p9m3z', 'FailedMount', 'Warning', 'MountVolume.SetUp failed for volume "config" : configmap "fulfillment-config-zzz" not found', '2026-11-30T09:01:30Z'),
    event('fulfillment.3', 'Pod', 'fulfillment-7b6a5c4d3-p9m3z', 'Killing', 'Normal', 'Container fulfillment failed liveness probe, will be restarted', '2026-11-30T09:02:30Z'),
    event('debug.1', 'Pod', 'debug-shell', 'Started', 'Normal', 'Started container shell', '2026-11-30T09:02:05Z'),
    event('coredns.1', 'Pod', 'coredns-5d78c9869d-abcde', 'Started', 'Normal', 'Started container coredns', '2026-11-30T08:00:05Z', 'kube-system'),
  ];
}

export const ORDERS_POD_LOGS: Record<string, Record<string, readonly LogLine[]>> = {
  'orders-6f9d8c7a1-x2k4q': {
    orders: ['09:00:06', '09:00:30', '09:01:10', '09:02:00', '09:03:15'].map((t, i) => ({
      at: `2026-11-30T${t}Z`,
      text: JSON.stringify({ level: 30, time: `2026-11-30T${t}.000Z`, service: 'orders', msg: `line ${i + 1}` }),
    })),
  },
};
