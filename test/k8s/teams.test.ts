import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { deployables } from '../../lab/deployables.js';
import { named, ofKind, renderKustomization, renderTeams, repoRoot, runTeamsScript, type Deployment, type K8sObject, type Service } from './render.js';

interface PortMapping {
  containerPort: number;
  hostPort: number;
}

interface KindConfig {
  kind: string;
  name: string;
  nodes: { role: string; extraPortMappings?: PortMapping[] }[];
}

const kindConfigText = readFileSync(join(repoRoot, 'k8s', 'kind.yaml'), 'utf8');
const kindConfig = parseYaml(kindConfigText) as KindConfig;

function nodePorts(objects: readonly K8sObject[]): Map<number, Service> {
  const ports = new Map<number, Service>();
  for (const s of ofKind<Service>(objects, 'Service')) for (const p of s.spec.ports) if (p.nodePort !== undefined) ports.set(p.nodePort, s);
  return ports;
}

describe('k8s/kind.yaml', () => {
  it('is the cluster firedrill', () => {
    expect(kindConfig.kind).toBe('Cluster');
    expect(kindConfig.name).toBe('firedrill');
  });

  it('maps exactly the kind overlay\'s NodePorts (storefront, workspace, grafana, prometheus) to host ports', () => {
    const mappings = kindConfig.nodes.flatMap((n) => n.extraPortMappings ?? []);
    const ports = nodePorts(renderKustomization('k8s/overlays/kind'));
    expect(mappings.map((m) => m.containerPort).sort()).toEqual([...ports.keys()].sort());
    expect([...ports.values()].map((s) => s.metadata.name).sort()).toEqual(['grafana', 'prometheus', 'storefront', 'workspace']);
    expect(new Set(mappings.map((m) => m.hostPort)).size).toBe(mappings.length);
  });
});

describe('TEAMS=3', () => {
  const objects = renderTeams(3);
  const teams = ['firedrill-team1', 'firedrill-team2', 'firedrill-team3'];

  it('gives each team its own namespace with its own shop, pager, desk, bot and workspace', () => {
    expect(ofKind(objects, 'Namespace').map((n) => n.metadata.name).sort()).toEqual(teams);
    for (const ns of teams) {
      for (const d of deployables) expect(named<Deployment>(objects, 'Deployment', d.name, ns), `${d.name} in ${ns}`).toBeDefined();
      expect(objects.filter((o) => o.metadata.namespace === ns && o.metadata.labels?.['firedrill.dev/team'] !== ns.replace('firedrill-', ''))).toEqual([]);
    }
    expect(objects.filter((o) => o.kind !== 'Namespace' && !teams.includes(o.metadata.namespace ?? ''))).toEqual([]);
  });

  it('renders the same objects per team as the kind overlay does for one lab', () => {
    const single = renderKustomization('k8s/overlays/kind').map((o) => `${o.kind}/${o.metadata.name}`).sort();
    for (const ns of teams) {
      const team = objects.filter((o) => o.metadata.namespace === ns || (o.kind === 'Namespace' && o.metadata.name === ns));
      expect(team.map((o) => `${o.kind}/${o.kind === 'Namespace' ? 'firedrill' : o.metadata.name}`).sort()).toEqual(single);
    }
  });

  it('gives each team a distinct Slack channel prefix', () => {
    const prefixes = teams.map((ns) => named<Deployment>(objects, 'Deployment', 'bot', ns)?.spec.template.spec.containers
      .flatMap((c) => c.env ?? []).find((e) => e.name === 'BOT_CHANNEL_PREFIX')?.value);
    expect(prefixes.every((p) => typeof p === 'string' && p.length > 0)).toBe(true);
    expect(new Set(prefixes).size).toBe(teams.length);
  });

  it('gives every team\'s pages NodePorts of their own, all mapped to distinct host ports by the script', () => {
    const ports = nodePorts(objects);
    expect(ports.size).toBe(4 * teams.length);
    for (const ns of teams) expect([...ports.values()].filter((s) => s.metadata.namespace === ns)).toHaveLength(4);
    const single = new Set(kindConfig.nodes.flatMap((n) => n.extraPortMappings ?? []).map((m) => m.containerPort));
    const extra = parseYaml(runTeamsScript('ports', 3)) as PortMapping[];
    expect(extra.map((m) => m.containerPort).sort()).toEqual([...ports.keys()].sort());
    // The script appends these under the single lab's mappings: together they must stay one valid, collision-free list.
    const combined = parseYaml(`${kindConfigText}${runTeamsScript('ports', 3)}`) as KindConfig;
    const all = combined.nodes.flatMap((n) => n.extraPortMappings ?? []);
    expect(all).toHaveLength(single.size + extra.length);
    expect(new Set(all.map((m) => m.hostPort)).size).toBe(all.length);
    expect(new Set(all.map((m) => m.containerPort)).size).toBe(all.length);
  });

  it('prints each team\'s URLs on the host ports the cluster maps', () => {
    const urls = runTeamsScript('urls', 3);
    const hostPorts = (parseYaml(runTeamsScript('ports', 3)) as PortMapping[]).map((m) => m.hostPort);
    const printed = [...urls.matchAll(/http:\/\/localhost:(\d+)\//g)].map((m) => Number(m[1]));
    expect(printed.sort()).toEqual(hostPorts.sort());
  });

  it('refuses a number of teams it cannot give ports to', () => {
    expect(() => runTeamsScript('render', 0)).toThrow();
    expect(() => runTeamsScript('ports', 21)).toThrow();
  });
});
