import { describe, expect, it } from 'vitest';
import { KUBERNETES_RUNTIME_CALLS } from '../../lab/runtime/kubernetes/calls.js';
import { named, ofKind, overlayNames, podTemplates, renderKustomization, renderTeams, type K8sObject, type PolicyRule } from './render.js';

type Role = K8sObject & { rules: PolicyRule[] };
type RoleBinding = K8sObject & { roleRef: { kind: string; name: string }; subjects: { kind: string; name: string; namespace?: string }[] };

/** Everything the desk and the chaos runner may do, as `<apiGroup>/<resource>:<verb>`; nothing else. */
const allowed = new Set([
  ...['pods', 'pods/log', 'events'].flatMap((r) => ['get', 'list', 'watch'].map((v) => `/${r}:${v}`)),
  ...['get', 'list', 'watch'].map((v) => `apps/replicasets:${v}`),
  ...['deployments', 'deployments/scale'].flatMap((r) => ['get', 'list', 'watch', 'patch'].map((v) => `apps/${r}:${v}`)),
  ...['get', 'list', 'create'].map((v) => `/configmaps:${v}`),
]);

/** What a runtime cannot work without (lab/runtime/runtime.ts: pods, describe, events, logs, restart, deploy, scale). */
const needed = ['/pods:list', '/pods/log:get', '/events:list', 'apps/deployments:patch', 'apps/deployments/scale:patch', '/configmaps:create', 'apps/replicasets:list'];

/** Expands rules to `<apiGroup>/<resource>:<verb>`; a wildcard stays a `*` that no allow-list holds. */
function grants(rules: readonly PolicyRule[]): string[] {
  return rules.flatMap((r) => (r.apiGroups ?? ['']).flatMap((g) => (r.resources ?? ['<non-resource>']).flatMap((res) => r.verbs.map((v) => `${g}/${res}:${v}`))));
}

const renders: { name: string; objects: K8sObject[] }[] = [
  ...overlayNames().map((o) => ({ name: `overlay ${o}`, objects: renderKustomization(`k8s/overlays/${o}`) })),
  { name: 'TEAMS=3', objects: renderTeams(3) },
];

describe.each(renders)('RBAC in $name', ({ objects }) => {
  const bindings = ofKind<RoleBinding>(objects, 'RoleBinding');

  it('is namespaced only: no ClusterRole or ClusterRoleBinding, no binding to a ClusterRole', () => {
    expect(objects.filter((o) => o.kind.startsWith('Cluster')).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
    expect(bindings.filter((b) => b.roleRef.kind !== 'Role').map((b) => b.metadata.name)).toEqual([]);
  });

  it.each(['desk', 'chaos-runner'])('lets %s do what a runtime needs and nothing more', (account) => {
    const namespaces = [...new Set(objects.filter((o) => o.kind === 'ServiceAccount').map((o) => o.metadata.namespace))];
    for (const ns of namespaces) {
      expect(named(objects, 'ServiceAccount', account, ns), `ServiceAccount ${account} in ${ns ?? ''}`).toBeDefined();
      const mine = bindings.filter((b) => b.metadata.namespace === ns && b.subjects.some((s) => s.kind === 'ServiceAccount' && s.name === account && s.namespace === ns));
      expect(mine.length).toBeGreaterThan(0);
      const granted = mine.flatMap((b) => grants(named<Role>(objects, 'Role', b.roleRef.name, ns)?.rules ?? []));
      expect(granted.filter((g) => !allowed.has(g))).toEqual([]);
      expect(needed.filter((n) => !granted.includes(n))).toEqual([]);
      // Every call the Kubernetes runtime makes (lab/runtime/kubernetes/calls.ts) is granted.
      const calls = KUBERNETES_RUNTIME_CALLS.map((c) => `${c.apiGroup}/${c.resource}:${c.verb}`);
      expect(calls.filter((c) => !granted.includes(c))).toEqual([]);
    }
  });

  it('binds every Role it holds to a ServiceAccount of the same namespace that exists', () => {
    for (const b of bindings) {
      expect(named(objects, 'Role', b.roleRef.name, b.metadata.namespace), b.metadata.name).toBeDefined();
      for (const s of b.subjects) {
        expect(s.namespace, `${b.metadata.name} → ${s.name}`).toBe(b.metadata.namespace);
        expect(named(objects, 'ServiceAccount', s.name, s.namespace)).toBeDefined();
      }
    }
  });

  it('gives no pod but the desk and Prometheus an API token', () => {
    const withToken = podTemplates(objects)
      .filter((p) => (p.spec as { automountServiceAccountToken?: boolean }).automountServiceAccountToken !== false)
      .map((p) => p.owner.metadata.name);
    expect([...new Set(withToken)].sort()).toEqual(['desk', 'prometheus']);
  });

  it('lets Prometheus only read pods', () => {
    for (const b of bindings.filter((x) => x.subjects.some((s) => s.name === 'prometheus'))) {
      const granted = grants(named<Role>(objects, 'Role', b.roleRef.name, b.metadata.namespace)?.rules ?? []);
      expect(granted.sort()).toEqual(['/pods:get', '/pods:list', '/pods:watch']);
    }
  });
});
