import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../lab/paths.js';
import { pastCommits } from '../../lab/shop-repo/history.js';
import { shopServices } from '../../lab/shop-repo/repo.js';
import { loadScenario, scenariosDir } from './load.js';
import { addressOf } from './world-schema.js';
import { relativeTime, resolveOffset } from './world-time.js';
import { loadWorld, WorldError } from './world.js';

const root = repoRoot();
const packDir = (name: string) => join(scenariosDir(root), name);
const now = new Date('2026-03-10T08:00:00Z');

describe('relative times', () => {
  it('resolve against the clock they are given', () => {
    expect(resolveOffset('-3d 14:20', now).toISOString()).toBe('2026-03-07T14:20:00.000Z');
    expect(resolveOffset('-2h', now).toISOString()).toBe('2026-03-10T06:00:00.000Z');
    expect(resolveOffset('+5d 09:00', now).toISOString()).toBe('2026-03-15T09:00:00.000Z');
    expect(resolveOffset('-90m', now).toISOString()).toBe('2026-03-10T06:30:00.000Z');
    expect(resolveOffset('now', now).toISOString()).toBe(now.toISOString());
    expect(resolveOffset('-1d', new Date('2026-03-01T00:30:00Z')).toISOString()).toBe('2026-02-28T00:30:00.000Z');
  });

  it('refuses what is not an offset, and a time of day without a day offset', () => {
    for (const bad of ['3d', '-3h 14:20', '-3d 25:00', 'yesterday', '2026-03-01T00:00:00Z', '-3d14:20']) {
      expect(relativeTime.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe('the shipped worlds', () => {
  it('storefront-offline: the incident tickets, plenty of unrelated work, sprints, 47 services, rotations, the infra change', () => {
    const w = loadWorld(packDir('storefront-offline'));
    const issue = (key: string) => w.jira.issues.find((x) => x.key === key);
    expect(issue('PERF-812')).toMatchObject({ assignee: 'dan', status: 'Done' });
    expect(issue('PERF-812')?.description).toMatch(/Idempotency-Key[\s\S]*never documented/);
    expect(issue('PERF-812')?.links.some((l) => l.title?.includes('partnerTimeoutMs 10000 -> 1500'))).toBe(true);
    expect(issue('ORD-238')).toMatchObject({ assignee: 'alicia' });
    expect(issue('TIX-79')).toMatchObject({ assignee: 'priya' });
    expect(issue('PLAT-121')).toMatchObject({ assignee: 'kevin' });
    expect(issue('PLAT-130')).toMatchObject({ assignee: 'kevin', type: 'Change' });
    const projects = new Set(w.jira.issues.map((x) => x.key.split('-')[0]));
    for (const p of ['PLAT', 'ORD', 'FUL', 'TIX', 'WEB']) expect(projects).toContain(p);
    expect(w.jira.issues.length).toBeGreaterThanOrEqual(5 + 15);
    expect(w.jira.sprints.filter((s) => s.state !== 'future').length).toBeGreaterThanOrEqual(2);

    expect(w.wiki.catalog.services).toHaveLength(47);
    for (const s of shopServices) expect(w.wiki.catalog.services.map((c) => c.name)).toContain(s);
    for (const id of ['runbook-storefront-breaker', 'runbook-orders-pool', 'runbook-fulfillment-webhooks', 'runbook-seating-duplicates', 'partner-integrations']) {
      expect(w.wiki.pages.map((p) => p.id)).toContain(id);
    }

    for (const team of ['fulfillment', 'orders', 'platform', 'ticketing']) {
      expect(w.oncall.schedules.find((s) => s.id === team)?.layers.map((l) => l.name)).toEqual(['primary', 'secondary']);
    }
    const changed = w.terraform.resources.filter((r) => r.change?.ticket === 'PLAT-130');
    expect(changed.map(addressOf)).toContain('aws_elasticache_cluster.orders');
    for (const r of changed) expect(now.getTime() - resolveOffset(r.changed_at, now).getTime()).toBeLessThan(7 * 86_400_000);
  });

  it('agree with the shop repository\'s history and the scenario: its tickets exist, closed when the commit landed', () => {
    const w = loadWorld(packDir('storefront-offline'));
    for (const c of pastCommits) {
      const key = /^([A-Z]+-\d+)/.exec(c.message)?.[1] ?? '';
      expect(w.jira.issues.find((x) => x.key === key), key).toMatchObject({ status: 'Done', resolved: `-${c.daysAgo}d ${c.at}` });
    }
    for (const name of ['storefront-offline', 'forgotten-kill-switch']) {
      const { scenario } = loadScenario(root, name);
      const world = loadWorld(packDir(name));
      const keys = world.jira.issues.map((x) => x.key);
      for (const step of scenario.method) if ('ticket' in step && step.ticket) expect(keys, name).toContain(step.ticket);
      for (const p of scenario.personas) expect(world.oncall.people.map((x) => x.handle), name).toContain(p.handle);
    }
  });

  it('forgotten-kill-switch has a smaller world of its own', () => {
    const big = loadWorld(packDir('storefront-offline'));
    const small = loadWorld(packDir('forgotten-kill-switch'));
    const keys = small.jira.issues.map((x) => x.key);
    expect(keys).toContain('FUL-170');
    expect(keys).not.toContain('PERF-812');
    expect(keys.filter((k) => big.jira.issues.some((x) => x.key === k))).toEqual([]);
    expect(small.wiki.catalog.services.length).toBeLessThan(big.wiki.catalog.services.length);
    expect(small.terraform.resources.some((r) => r.change?.ticket === 'PLAT-130')).toBe(false);
  });
});

describe('a broken world file is refused, every problem by file and path', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /** A copy of storefront-offline's world with `edit` applied to one file; the problems loadWorld reports. */
  function problems(file: string, edit: (text: string) => string): readonly string[] {
    dir = mkdtempSync(join(tmpdir(), 'fd-world-'));
    cpSync(join(packDir('storefront-offline'), 'world'), join(dir, 'world'), { recursive: true });
    const path = join(dir, 'world', file);
    const before = readFileSync(path, 'utf8');
    const after = edit(before);
    expect(after, 'the edit changed nothing').not.toBe(before);
    writeFileSync(path, after);
    try {
      loadWorld(dir);
    } catch (err) {
      expect(err).toBeInstanceOf(WorldError);
      expect((err as Error).message).toContain(join(dir, 'world'));
      return (err as WorldError).problems;
    }
    throw new Error('expected the world to be refused');
  }

  it('names a bad value, a misspelt field with its right spelling, and a time that is not an offset', () => {
    const found = problems('jira.yaml', (t) => t
      .replace('    status: Done\n    priority: High\n    assignee: dan\n', '    status: Closed\n    priority: High\n    asignee: dan\n')
      .replace('    created: -5d 16:10\n', '    created: 5 days ago\n'));
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/^world\/jira\.yaml: issues\[0\]\.status: .*"Done"/),
      'world/jira.yaml: issues[0].asignee: unknown field; did you mean "assignee"?',
      expect.stringMatching(/^world\/jira\.yaml: issues\[1\]\.created: expected a time relative to the lab's clock such as "-3d 14:20"/),
    ]));
    expect(found).toHaveLength(3);
  });

  it('checks people, sprints, linked issues and rotations across the files', () => {
    expect(problems('jira.yaml', (t) => t.replace('    assignee: dan\n', '    assignee: danny\n').replace('    sprint: 42\n', '    sprint: 44\n'))).toEqual([
      'world/jira.yaml: issues[0].sprint: no sprint 44; sprints are 40, 41, 42, 43',
      expect.stringMatching(/^world\/jira\.yaml: issues\[0\]\.assignee: unknown person "danny"; did you mean "dan"\? \(people are listed in world\/oncall\.yaml\)$/),
    ]);
    expect(problems('wiki.yaml', (t) => t.replace('rotation: fulfillment, repo: shop (services/fulfillment)', 'rotation: fulfilment, repo: shop (services/fulfillment)'))).toEqual([
      expect.stringMatching(/^world\/wiki\.yaml: catalog\.services\[\d+\]\.rotation: no on-call schedule "fulfilment"; did you mean "fulfillment"\?/),
    ]);
    expect(problems('terraform.yaml', (t) => t.replace('ticket: PLAT-130', 'ticket: PLAT-103'))[0]).toMatch(/^world\/terraform\.yaml: resources\[\d+\]\.change\.ticket: no issue PLAT-103 in world\/jira\.yaml/);
  });

  it('names YAML that does not parse', () => {
    expect(problems('oncall.yaml', (t) => `${t}\n  - { id: [unclosed\n`)[0]).toMatch(/^world\/oncall\.yaml: not valid YAML/);
  });
});
