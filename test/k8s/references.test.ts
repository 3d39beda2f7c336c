import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { deployables } from '../../lab/deployables.js';
import { CONFIG_VOLUME } from '../../lab/runtime/kubernetes/labels.js';
import {
  allContainers, named, ofKind, overlayNames, podTemplates, renderKustomization, renderTeams, repoRoot, selects, serviceTarget,
  type Deployment, type K8sObject, type Service,
} from './render.js';

const renders: { name: string; objects: K8sObject[] }[] = [
  ...overlayNames().map((o) => ({ name: `overlay ${o}`, objects: renderKustomization(`k8s/overlays/${o}`) })),
  { name: 'TEAMS=3', objects: renderTeams(3) },
];

function inNamespace(objects: readonly K8sObject[], ns: string | undefined): K8sObject[] {
  return objects.filter((o) => o.metadata.namespace === ns);
}

/** The http(s) URLs in env values, split at commas and `name=` prefixes (DESK_LAB_URLS). */
function urlsIn(value: string): string[] {
  return value.split(',').map((p) => p.replace(/^[a-z]+=/, '')).filter((p) => /^https?:\/\//.test(p));
}

function configMapData(objects: readonly K8sObject[], prefix: string, ns: string | undefined): Record<string, string> {
  const cm = inNamespace(objects, ns).find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith(`${prefix}-`));
  if (!cm) throw new Error(`no ConfigMap ${prefix}-<hash> in ${ns ?? '(none)'}`);
  return (cm as K8sObject & { data?: Record<string, string> }).data ?? {};
}

describe.each(renders)('references in $name', ({ objects }) => {
  const pods = podTemplates(objects);
  const namespaces = [...new Set(objects.filter((o) => o.kind !== 'Namespace').map((o) => o.metadata.namespace))];

  it('runs every deployable of lab/deployables.ts from dist/, with a Service on its port, in every namespace', () => {
    for (const ns of namespaces) {
      for (const d of deployables) {
        const deployment = named<Deployment>(objects, 'Deployment', d.name, ns);
        expect(deployment, `Deployment ${d.name} in ${ns ?? ''}`).toBeDefined();
        const main = deployment?.spec.template.spec.containers.find((c) => c.name === d.name);
        expect(main?.command).toEqual(['node', `dist/${d.entry}`]);
        // `make build` has run here: the entry the image will run is a real compiled file.
        expect(existsSync(join(repoRoot, 'dist', d.entry)), `dist/${d.entry}`).toBe(true);
        const service = named<Service>(objects, 'Service', d.name, ns);
        expect(service?.spec.ports.map((p) => p.port)).toContain(d.port);
      }
    }
  });

  it('gives every serving container readiness and liveness probes and resources; the deployables are probed on /readyz and /healthz', () => {
    for (const { owner, spec } of pods) {
      for (const c of spec.containers) {
        expect(c.resources?.requests, `${owner.metadata.name}/${c.name} requests`).toBeDefined();
        expect(c.resources?.limits, `${owner.metadata.name}/${c.name} limits`).toBeDefined();
        if (!c.ports?.length) continue;
        expect(c.readinessProbe, `${owner.metadata.name}/${c.name} readiness`).toBeDefined();
        expect(c.livenessProbe, `${owner.metadata.name}/${c.name} liveness`).toBeDefined();
      }
      const d = deployables.find((x) => x.name === owner.metadata.name);
      if (!d) continue;
      const main = spec.containers.find((c) => c.name === d.name);
      const port = main?.ports?.find((p) => p.name === main.readinessProbe?.httpGet?.port)?.containerPort;
      expect(main?.readinessProbe?.httpGet?.path).toBe('/readyz');
      expect(main?.livenessProbe?.httpGet?.path).toBe('/healthz');
      expect(port).toBe(d.port);
    }
  });

  it('labels pods with app.kubernetes.io/name, part-of and component', () => {
    for (const { owner, labels } of pods) {
      expect(labels['app.kubernetes.io/name'], owner.metadata.name).toBe(owner.metadata.name);
      expect(labels['app.kubernetes.io/part-of'], owner.metadata.name).toBe('firedrill');
      expect(labels['app.kubernetes.io/component'], owner.metadata.name).toMatch(/^[a-z]+$/);
    }
  });

  it('selects pods with every Service and targets ports the selected containers declare', () => {
    for (const service of ofKind<Service>(objects, 'Service')) {
      const backing = pods.filter((p) => p.owner.metadata.namespace === service.metadata.namespace && selects(service.spec.selector, p.labels));
      expect(backing.map((p) => p.owner.metadata.name), `Service ${service.metadata.name}`).toHaveLength(1);
      const ports = backing.flatMap((p) => p.spec.containers.flatMap((c) => c.ports ?? []));
      for (const sp of service.spec.ports) {
        const target = sp.targetPort ?? sp.port;
        const declared = ports.some((cp) => (typeof target === 'number' ? cp.containerPort === target : cp.name === target));
        expect(declared, `Service ${service.metadata.name} port ${sp.port} → ${String(target)}`).toBe(true);
      }
    }
  });

  it('matches every Deployment selector with its own pod labels', () => {
    for (const d of ofKind<Deployment>(objects, 'Deployment')) {
      expect(selects(d.spec.selector.matchLabels, d.spec.template.metadata.labels ?? {}), d.metadata.name).toBe(true);
    }
  });

  it('refers only to ConfigMaps, Secrets, claims and ServiceAccounts the render holds (a Secret only when optional)', () => {
    for (const { owner, spec } of pods) {
      const ns = owner.metadata.namespace;
      const has = (kind: string, name: string) => named(objects, kind, name, ns) !== undefined;
      const where = `${owner.metadata.name} in ${ns ?? ''}`;
      if (spec.serviceAccountName) expect(has('ServiceAccount', spec.serviceAccountName), `${where}: ServiceAccount`).toBe(true);
      for (const v of spec.volumes ?? []) {
        if (v.configMap) expect(has('ConfigMap', v.configMap.name) || v.configMap.optional === true, `${where}: ConfigMap ${v.configMap.name}`).toBe(true);
        if (v.secret) expect(has('Secret', v.secret.secretName) || v.secret.optional === true, `${where}: Secret ${v.secret.secretName}`).toBe(true);
        if (v.persistentVolumeClaim) expect(has('PersistentVolumeClaim', v.persistentVolumeClaim.claimName), `${where}: claim`).toBe(true);
      }
      for (const c of allContainers(spec)) {
        const mounts = new Set((spec.volumes ?? []).map((v) => v.name));
        for (const m of c.volumeMounts ?? []) expect(mounts.has(m.name), `${where}: ${c.name} mounts ${m.name}`).toBe(true);
        for (const e of c.env ?? []) {
          const s = e.valueFrom?.secretKeyRef;
          if (s) expect(has('Secret', s.name) || s.optional === true, `${where}: ${e.name} from Secret ${s.name}`).toBe(true);
          const m = e.valueFrom?.configMapKeyRef;
          if (m) expect(has('ConfigMap', m.name) || m.optional === true, `${where}: ${e.name} from ConfigMap ${m.name}`).toBe(true);
        }
      }
    }
  });

  it('points every service URL in env at a Service of the same namespace, on a port it exposes', () => {
    let checked = 0;
    for (const { owner, spec } of pods) {
      for (const c of allContainers(spec)) {
        for (const e of c.env ?? []) {
          for (const url of urlsIn(e.value ?? '')) {
            const t = serviceTarget(url.replace(/^redis:/, 'http:'));
            // Loopback URLs are the traffic driver's, served by its in-pod forwarder (checked below).
            if (!t || /^https?:\/\/(127\.|localhost)/.test(url)) continue;
            const svc = named<Service>(objects, 'Service', t.service, owner.metadata.namespace);
            expect(svc?.spec.ports.map((p) => p.port), `${owner.metadata.name}: ${e.name}=${url}`).toContain(t.port);
            checked += 1;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('forwards every loopback URL of the traffic driver to the Service on that port', () => {
    for (const ns of namespaces) {
      const traffic = named<Deployment>(objects, 'Deployment', 'traffic', ns);
      const containers = traffic?.spec.template.spec.containers ?? [];
      const routes = new Map(containers.flatMap((c) => (c.command ?? []).flatMap((a) => {
        const m = /^(\d+)=([a-z-]+):(\d+)$/.exec(a);
        return m?.[1] && m[2] && m[3] ? [[Number(m[1]), { service: m[2], port: Number(m[3]) }] as const] : [];
      })));
      const loopback = (containers.find((c) => c.name === 'traffic')?.env ?? []).flatMap((e) => {
        const m = /^http:\/\/127\.0\.0\.1:(\d+)/.exec(e.value ?? '');
        return m?.[1] ? [Number(m[1])] : [];
      });
      expect(loopback.length).toBeGreaterThan(0);
      for (const port of loopback) {
        const route = routes.get(port);
        expect(route, `127.0.0.1:${port}`).toBeDefined();
        expect(named<Service>(objects, 'Service', route?.service ?? '', ns)?.spec.ports.map((p) => p.port)).toContain(route?.port);
      }
    }
  });

  it('lets the desk answer to its own Service names and reach every lab deployable', () => {
    for (const ns of namespaces) {
      const desk = named<Deployment>(objects, 'Deployment', 'desk', ns)?.spec.template.spec.containers.find((c) => c.name === 'desk');
      const env = new Map((desk?.env ?? []).map((e) => [e.name, e]));
      expect(env.get('DESK_RUNTIME')?.value).toBe('kubernetes');
      expect(env.get('DESK_K8S_NAMESPACE')?.valueFrom?.fieldRef?.fieldPath).toBe('metadata.namespace');
      expect(env.get('DESK_ALLOWED_HOSTS')?.value?.split(',')).toContain('desk');
      const names = (env.get('DESK_LAB_URLS')?.value ?? '').split(',').map((p) => p.split('=')[0]);
      expect(names).toEqual(expect.arrayContaining(['storefront', 'orders', 'fulfillment', 'partners', 'seating', 'traffic']));
    }
  });

  it('makes config ConfigMaps immutable and hash-named, holding the repository files as they are', () => {
    for (const ns of namespaces) {
      const generated = inNamespace(objects, ns).filter((o) => o.kind === 'ConfigMap');
      for (const cm of generated) {
        expect((cm as K8sObject & { immutable?: boolean }).immutable, cm.metadata.name).toBe(true);
        expect(cm.metadata.name, 'kustomize appends a content hash').toMatch(/-[a-z0-9]{10}$/);
      }
      const seed = join(repoRoot, 'lab', 'shop-seed', 'config');
      for (const file of readdirSync(seed).filter((f) => f.endsWith('.yaml'))) {
        const service = file.replace(/\.yaml$/, '');
        // One key per deploy config ConfigMap: a deploy through the Kubernetes runtime keeps the single key's name.
        expect(configMapData(objects, `${service}-config`, ns)).toEqual({ [file]: readFileSync(join(seed, file), 'utf8') });
      }
      expect(configMapData(objects, 'shop-flags', ns)['flags.json']).toBe(readFileSync(join(repoRoot, 'lab', 'shop-seed', 'flags.json'), 'utf8'));
      expect(configMapData(objects, 'prometheus-rules', ns)['alerts.yml']).toBe(readFileSync(join(repoRoot, 'dashboards', 'prometheus', 'alerts.yml'), 'utf8'));
    }
  });

  it('gives every deployable with a config file the file of its own name', () => {
    for (const { owner, spec } of pods) {
      for (const c of spec.containers) {
        const file = (c.env ?? []).find((e) => e.name.endsWith('_CONFIG_FILE'))?.value;
        if (!file) continue;
        const mount = (c.volumeMounts ?? []).find((m) => file.startsWith(`${m.mountPath}/`));
        const volume = (spec.volumes ?? []).find((v) => v.name === mount?.name);
        const data = configMapData(objects, (volume?.configMap?.name ?? '').replace(/-[a-z0-9]{10}$/, ''), owner.metadata.namespace);
        expect(file.endsWith(`/${owner.metadata.name}.yaml`), file).toBe(true);
        expect(volume?.name, 'the volume a deploy repoints').toBe(CONFIG_VOLUME);
        expect(Object.keys(data), `${owner.metadata.name}: ${file}`).toEqual([file.slice((mount?.mountPath.length ?? 0) + 1)]);
      }
    }
  });

  it('routes Alertmanager to the pager webhook and Prometheus to Alertmanager', () => {
    for (const ns of namespaces) {
      const am = parseYaml(configMapData(objects, 'alertmanager-config', ns)['alertmanager.yml'] ?? '') as {
        route: { receiver: string }; receivers: { name: string; webhook_configs?: { url: string }[] }[];
      };
      const receiver = am.receivers.find((r) => r.name === am.route.receiver);
      const hook = serviceTarget(receiver?.webhook_configs?.[0]?.url ?? '');
      expect(hook?.service).toBe('pager');
      expect(hook?.path).toBe('/alertmanager');
      expect(named<Service>(objects, 'Service', 'pager', ns)?.spec.ports.map((p) => p.port)).toContain(hook?.port);
      const prom = parseYaml(configMapData(objects, 'prometheus-config', ns)['prometheus.yml'] ?? '') as {
        alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] }; rule_files: string[];
      };
      const [host, port] = (prom.alerting.alertmanagers[0]?.static_configs[0]?.targets[0] ?? '').split(':');
      expect(named<Service>(objects, 'Service', host ?? '', ns)?.spec.ports.map((p) => p.port)).toContain(Number(port));
      expect(prom.rule_files).toContain('/etc/prometheus/rules/alerts.yml');
    }
  });

  it('provisions Grafana with the Prometheus datasource firedrill-prometheus and every dashboard in dashboards/grafana', () => {
    for (const ns of namespaces) {
      const ds = parseYaml(Object.values(configMapData(objects, 'grafana-datasources', ns))[0] ?? '') as { datasources: { uid: string; type: string; url: string }[] };
      const prometheus = ds.datasources.find((d) => d.uid === 'firedrill-prometheus');
      expect(prometheus?.type).toBe('prometheus');
      const target = serviceTarget(prometheus?.url ?? '');
      expect(named<Service>(objects, 'Service', target?.service ?? '', ns)?.spec.ports.map((p) => p.port)).toContain(target?.port);
      const folder = join(repoRoot, 'dashboards', 'grafana');
      const onDisk = existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.json')).sort() : [];
      const dashboards = configMapData(objects, 'grafana-dashboards', ns);
      expect(Object.keys(dashboards).sort()).toEqual(onDisk);
      for (const file of onDisk) expect(dashboards[file]).toBe(readFileSync(join(folder, file), 'utf8'));
    }
  });

  it('scrapes the deployables by annotation on the port they serve', () => {
    for (const { owner, spec } of pods) {
      const d = deployables.find((x) => x.name === owner.metadata.name);
      if (!d) continue;
      const annotations = (owner as Deployment).spec.template.metadata.annotations ?? {};
      expect(annotations['prometheus.io/scrape'], d.name).toBe('true');
      expect(Number(annotations['prometheus.io/port'])).toBe(d.port);
      expect(spec.containers.flatMap((c) => c.ports ?? []).map((p) => p.containerPort)).toContain(d.port);
    }
  });
});

describe('the k6 shoppers', () => {
  it('run load/shoppers.js from its ConfigMap against the storefront and push to Prometheus', () => {
    const objects = renderKustomization('k8s/overlays/kind');
    const k6 = named<Deployment>(objects, 'Deployment', 'k6', 'firedrill');
    const spec = k6?.spec.template.spec;
    const container = spec?.containers[0];
    const mount = container?.volumeMounts?.find((m) => (container.command ?? []).join(' ').includes(`${m.mountPath}/shoppers.js`));
    const cmName = spec?.volumes?.find((v) => v.name === mount?.name)?.configMap?.name ?? '';
    const cm = named<K8sObject & { data?: Record<string, string> }>(objects, 'ConfigMap', cmName, 'firedrill');
    expect(cm?.data?.['shoppers.js']).toBe(readFileSync(join(repoRoot, 'load', 'shoppers.js'), 'utf8'));
    const env = new Map((container?.env ?? []).map((e) => [e.name, e.value ?? '']));
    for (const name of ['STOREFRONT_URL', 'K6_PROMETHEUS_RW_SERVER_URL']) {
      const t = serviceTarget(env.get(name) ?? '');
      expect(named<Service>(objects, 'Service', t?.service ?? '', 'firedrill')?.spec.ports.map((p) => p.port), name).toContain(t?.port);
    }
    const prometheus = named<Deployment>(objects, 'Deployment', 'prometheus', 'firedrill')?.spec.template.spec.containers[0];
    expect(prometheus?.args).toContain('--web.enable-remote-write-receiver');
  });
});
