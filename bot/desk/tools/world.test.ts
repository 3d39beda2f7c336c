import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { createJournal as createChaosJournal } from '../../../chaos/runner/journal.js';
import { worldFiles } from '../../../chaos/scenario/world-schema.js';
import { resolveOffset } from '../../../chaos/scenario/world-time.js';
import { repoRoot } from '../../../lab/paths.js';
import { createJournal, type Journal } from '../journal/journal.js';
import { createRegistry, type CallOutcome, type Registry } from '../registry/registry.js';
import type { Tool } from '../registry/tool.js';
import { createJiraTools } from './jira.js';
import { createOncallTools } from './oncall.js';
import { createStatuspageTools } from './statuspage.js';
import { createTerraformTools } from './terraform.js';
import { createWikiTools } from './wiki.js';

/** What the tests read of the tools' answers. */
interface Issue { key: string; summary: string; status: string; assignee: string | null; description: string; created: string; updated: string; resolved: string | null; comments: Array<{ author: string; at: string }>; links: Array<{ issue?: string; title?: string }> }
interface Listed { scenario: string; total: number; truncated: boolean; issues: Array<{ key: string }> }
interface Sprint { id: number; name: string; start: string; end: string; issues: Array<{ key: string }> }
interface Page { id: string; body: string; updated: string; services?: unknown[] }
interface Found { pages: Array<{ id: string; matchedWords: string; snippet: string }> }
interface OnCall { schedule: string; layer: string; handle: string; since: string; until: string; override?: string }
interface Schedule { layers: Array<{ layer: string; shifts: Array<{ since: string; until: string; override?: string }> }> }
interface Resources { serial: number; total: number; resources: Array<{ address: string; changed_at: string; change: string | null }> }
interface Incidents { total: number; incidents: Array<{ status: string; resolvedAt: string | null; updates: Array<{ message: string }> }> }

const root = repoRoot();
const caller = { kind: 'agent' as const, name: 'Claude', via: 'mcp-http' };
/** A pack's world file as parsed YAML (through its schema, for the types and defaults), never through the tools. */
function raw<K extends keyof typeof worldFiles>(scenario: string, file: K): z.output<(typeof worldFiles)[K]> {
  return worldFiles[file].parse(parseYaml(readFileSync(join(root, 'chaos', 'scenarios', scenario, 'world', `${file}.yaml`), 'utf8'))) as z.output<(typeof worldFiles)[K]>;
}
const must = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`the pack has no ${what}`);
  return value;
};
const iso = (offset: string, anchor: Date) => resolveOffset(offset, anchor).toISOString();

let dir: string;
let journal: Journal;
let clock: Date;

function deskFor(sources: { root: string; stateDir: string }): { desk: Registry; tools: Tool[] } {
  const tools = [...createJiraTools(sources), ...createWikiTools(sources), ...createOncallTools(sources), ...createTerraformTools(sources), ...createStatuspageTools(sources)];
  return { desk: createRegistry({ tools, journal, log: pino({ level: 'silent' }), now: () => clock }), tools };
}

let desk: Registry;
let tools: Tool[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fd-desk-world-'));
  journal = createJournal(join(dir, 'desk', 'journal.jsonl'));
  ({ desk, tools } = deskFor({ root, stateDir: dir }));
});

afterAll(() => {
  journal.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  clock = new Date('2026-03-10T08:00:00Z');
  rmSync(join(dir, 'chaos'), { recursive: true, force: true });
});

async function ok<T = Record<string, unknown>>(name: string, args: unknown, on: Registry = desk): Promise<T> {
  const out = await on.call(name, args, caller);
  if (!out.ok) throw new Error(`${name} failed: ${JSON.stringify(out.error)}`);
  return out.result as T;
}

async function fails(name: string, args: unknown, on: Registry = desk): Promise<Extract<CallOutcome, { ok: false }>> {
  const out = await on.call(name, args, caller);
  expect(out.ok, `${name} ${JSON.stringify(args)} should fail`).toBe(false);
  return out as Extract<CallOutcome, { ok: false }>;
}

function injected(scenario: string, at: Date): void {
  createChaosJournal(dir).append({ type: 'run', run: `r-${scenario}`, scenario, pid: 1, at: at.toISOString(), expiresAt: new Date(at.getTime() + 3_600_000).toISOString() });
}

describe('with no chaos run: storefront-offline\'s world, times against now', () => {
  it('jira_get_issue returns the issue as the pack file has it', async () => {
    const file = must(raw('storefront-offline', 'jira').issues.find((x) => x.key === 'PERF-812'), 'PERF-812');
    const { scenario, issue } = await ok<{ scenario: string; issue: Issue }>('jira_get_issue', { key: 'perf-812' });
    expect(scenario).toBe('storefront-offline (none injected)');
    expect(issue).toMatchObject({ key: 'PERF-812', summary: file.summary, status: file.status, assignee: file.assignee, description: file.description, created: iso(file.created, clock), resolved: iso(must(file.resolved, 'resolved'), clock) });
    expect(issue.comments.map((c) => [c.author, c.at])).toEqual(file.comments.map((c) => [c.author, iso(c.at, clock)]));
    expect(issue.links.map((l) => l.issue ?? l.title)).toEqual(file.links.map((l) => l.issue ?? l.title));
  });

  it('jira_search takes JQL-lite and words; results and totals follow the file', async () => {
    const { issues } = raw('storefront-offline', 'jira');
    const keys = (r: Listed) => r.issues.map((x) => x.key);
    const open = await ok<Listed>('jira_search', { query: 'project = ORD AND status = Open' });
    expect(keys(open).sort()).toEqual(issues.filter((x) => x.key.startsWith('ORD-') && x.status === 'Open').map((x) => x.key).sort());
    const alicia = await ok<Listed>('jira_search', { query: 'assignee = alicia ORDER BY created ASC', limit: 50 });
    const mine = issues.filter((x) => x.assignee === 'alicia').sort((a, b) => iso(a.created, clock).localeCompare(iso(b.created, clock)));
    expect(keys(alicia)).toEqual(mine.map((x) => x.key));
    expect(keys(await ok<Listed>('jira_search', { query: 'Idempotency-Key' }))).toContain('PERF-812');
    const all = await ok<Listed>('jira_search', { limit: 5 });
    expect(all).toMatchObject({ total: issues.length, truncated: true });
    expect(all.issues).toHaveLength(5);
  });

  it('jira_list_sprints lists a state\'s sprints with their issues', async () => {
    const file = raw('storefront-offline', 'jira');
    const active = must(file.sprints.find((s) => s.state === 'active'), 'active sprint');
    const { sprints } = await ok<{ sprints: Sprint[] }>('jira_list_sprints', { state: 'active' });
    expect(sprints).toHaveLength(1);
    expect(sprints[0]).toMatchObject({ id: active.id, name: active.name, start: iso(active.start, clock), end: iso(active.end, clock) });
    expect(sprints[0]?.issues.map((x) => x.key).sort()).toEqual(file.issues.filter((x) => x.sprint === active.id).map((x) => x.key).sort());
  });

  it('wiki_get_page and wiki_search: the catalog lists every service; pages and snippets come from the file', async () => {
    const wiki = raw('storefront-offline', 'wiki');
    const { page } = await ok<{ page: Page }>('wiki_get_page', { id: 'service-catalog' });
    expect(page.services).toEqual(wiki.catalog.services);
    for (const s of wiki.catalog.services) expect(page.body).toContain(`| ${s.name} | ${s.team} | ${s.tier} | ${s.rotation} |`);
    const partners = must(wiki.pages.find((p) => p.id === 'partner-integrations'), 'partner page');
    const byTitle = await ok<{ page: Page }>('wiki_get_page', { title: partners.title.toUpperCase() });
    expect(byTitle.page).toMatchObject({ id: partners.id, body: partners.body, updated: iso(partners.updated, clock) });
    const found = await ok<Found>('wiki_search', { query: 'idempotency key dedupe' });
    expect(found.pages[0]).toMatchObject({ id: 'partner-integrations', matchedWords: '3/3' });
    expect(found.pages[0]?.snippet.toLowerCase()).toContain('dedupe');
  });

  it('oncall: who is on call follows the rotation and its overrides; the schedule covers the range', async () => {
    const oncall = raw('storefront-offline', 'oncall');
    const primary = must(oncall.schedules.find((s) => s.id === 'fulfillment')?.layers[0], 'fulfillment primary');
    const week = 7 * 86_400_000;
    const n = Math.floor((clock.getTime() - resolveOffset(primary.start, clock).getTime()) / week);
    const { onCall } = await ok<{ onCall: OnCall[] }>('oncall_who_is_on_call', { schedule: 'Fulfillment' });
    expect(onCall[0]).toMatchObject({ schedule: 'fulfillment', layer: 'primary', handle: primary.members[n % primary.members.length] });

    const override = must(oncall.schedules.find((s) => s.id === 'platform')?.overrides[0], 'platform override');
    const covered = await ok<{ onCall: OnCall[] }>('oncall_who_is_on_call', { team: 'platform' });
    expect(covered.onCall.find((x) => x.layer === override.layer)).toMatchObject({ handle: override.who, override: override.note, since: iso(override.start, clock), until: iso(override.end, clock) });

    const { layers } = await ok<Schedule>('oncall_get_schedule', { schedule: 'platform', since: '-10d', until: '+10d' });
    for (const l of layers) {
      expect(Date.parse(l.shifts[0]?.since ?? '')).toBeLessThanOrEqual(clock.getTime() - 10 * 86_400_000);
      expect(Date.parse(l.shifts.at(-1)?.until ?? '')).toBeGreaterThanOrEqual(clock.getTime() + 10 * 86_400_000);
      for (let i = 1; i < l.shifts.length; i++) expect(l.shifts[i]?.since).toBe(l.shifts[i - 1]?.until);
    }
    expect(layers.find((l) => l.layer === override.layer)?.shifts.some((s) => s.override === override.note)).toBe(true);
  });

  it('terraform shows a resource\'s attributes and its change; lists by type and module', async () => {
    const tf = raw('storefront-offline', 'terraform');
    const redis = must(tf.resources.find((r) => r.type === 'aws_elasticache_cluster' && r.name === 'orders'), 'the redis');
    const change = must(redis.change, 'the redis change');
    const { resource } = await ok<{ resource: unknown }>('terraform_show_state', { address: 'aws_elasticache_cluster.orders' });
    expect(resource).toMatchObject({ attributes: redis.attributes, changed_at: iso(redis.changed_at, clock), change: { by: change.by, ticket: change.ticket, before: change.before } });
    const summary = await ok<Resources>('terraform_show_state', {});
    expect(summary).toMatchObject({ serial: tf.serial, total: tf.resources.length });
    const newest = must([...tf.resources].sort((a, b) => iso(b.changed_at, clock).localeCompare(iso(a.changed_at, clock)))[0], 'a resource');
    expect(summary.resources[0]).toMatchObject({ changed_at: iso(newest.changed_at, clock), change: newest.change?.note ?? null });
    const pools = await ok<Resources>('terraform_list_resources', { type: 'aws_eks_node_group' });
    expect(pools.resources.map((r) => r.address).sort()).toEqual(tf.resources.filter((r) => r.type === 'aws_eks_node_group').map((r) => `aws_eks_node_group.${r.name}`).sort());
    const network = await ok<Resources>('terraform_list_resources', { module: 'network' });
    expect(network.total).toBe(tf.resources.filter((r) => r.module === 'module.network').length);
  });

  it('statuspage_get_status and statuspage_list_incidents read what statuspage_update wrote', async () => {
    expect(await ok('statuspage_get_status', {})).toMatchObject({ indicator: 'none', openIncidents: [] });
    await ok('statuspage_update', { status: 'major_outage', message: 'The shop is unavailable; we are on it.' });
    const status = await ok<{ components: unknown[] }>('statuspage_get_status', {});
    expect(status).toMatchObject({ indicator: 'critical', openIncidents: [{ component: 'storefront', title: 'The shop is unavailable; we are on it.' }] });
    expect(status.components).toContainEqual({ name: 'storefront', status: 'major_outage', updatedAt: clock.toISOString() });
    await ok('statuspage_update', { status: 'operational', message: 'The shop is back.' });
    const resolved = await ok<Incidents>('statuspage_list_incidents', { status: 'resolved' });
    expect(resolved.incidents[0]).toMatchObject({ status: 'resolved', resolvedAt: clock.toISOString() });
    expect(resolved.incidents[0]?.updates.map((u) => u.message)).toEqual(['The shop is unavailable; we are on it.', 'The shop is back.']);
    expect((await ok<Incidents>('statuspage_list_incidents', { status: 'open' })).total).toBe(0);
  });
});

describe('after a chaos run: the world of the latest run\'s scenario, times against its injection', () => {
  it('forgotten-kill-switch\'s world replaces storefront-offline\'s', async () => {
    injected('storefront-offline', new Date('2026-03-09T10:00:00Z'));
    const at = new Date('2026-03-10T07:58:00Z');
    injected('forgotten-kill-switch', at);
    const ful170 = must(raw('forgotten-kill-switch', 'jira').issues.find((x) => x.key === 'FUL-170'), 'FUL-170');

    const { scenario, issue } = await ok<{ scenario: string; issue: Issue }>('jira_get_issue', { key: 'FUL-170' });
    expect(scenario).toBe('forgotten-kill-switch');
    expect(issue).toMatchObject({ summary: ful170.summary, created: iso(ful170.created, at), updated: iso(ful170.updated, at) });
    expect((await fails('jira_get_issue', { key: 'PERF-812' })).error).toMatchObject({ code: 'unknown_issue', field: 'key' });
    expect((await ok<Listed>('jira_search', { limit: 50 })).issues.map((x) => x.key)).not.toContain('PERF-812');

    const wiki = raw('forgotten-kill-switch', 'wiki');
    expect((await ok<{ page: Page }>('wiki_get_page', { id: 'service-catalog' })).page.services).toEqual(wiki.catalog.services);
    const tf = raw('forgotten-kill-switch', 'terraform');
    expect((await ok<Resources>('terraform_list_resources', {})).total).toBe(tf.resources.length);
    const oncall = raw('forgotten-kill-switch', 'oncall');
    expect((await ok<{ onCall: OnCall[] }>('oncall_who_is_on_call', {})).onCall.map((x) => x.schedule)).toEqual(expect.arrayContaining(oncall.schedules.map((s) => s.id)));
  });

  it('tickets, comments and overrides dated after the clock appear when their time comes', async () => {
    const at = new Date('2026-03-10T07:58:00Z');
    injected('forgotten-kill-switch', at);
    const later = must(raw('forgotten-kill-switch', 'jira').issues.find((x) => x.created.startsWith('+')), 'a later issue');
    const override = must(raw('forgotten-kill-switch', 'oncall').schedules.find((s) => s.id === 'fulfillment')?.overrides[0], 'an override');
    const primary = async () => (await ok<{ onCall: OnCall[] }>('oncall_who_is_on_call', { schedule: 'fulfillment' })).onCall[0];

    clock = new Date(at.getTime() + 60_000);
    expect((await fails('jira_get_issue', { key: later.key })).error.code).toBe('unknown_issue');
    expect((await ok<{ issue: Issue }>('jira_get_issue', { key: 'FUL-170' })).issue.comments).toHaveLength(1);
    expect((await primary())?.handle).not.toBe(override.who);

    clock = new Date(at.getTime() + 60 * 60_000);
    expect((await ok<{ issue: Issue }>('jira_get_issue', { key: later.key })).issue.created).toBe(iso(later.created, at));
    expect((await ok<{ issue: Issue }>('jira_get_issue', { key: 'FUL-170' })).issue.comments.length).toBeGreaterThan(1);
    expect(await primary()).toMatchObject({ handle: override.who, override: override.note });
  });

  it('a run whose scenario has no world says so', async () => {
    injected('no-such-pack', clock);
    expect((await fails('wiki_search', { query: 'breaker' })).error).toMatchObject({ code: 'world_unavailable' });
  });
});

describe('bad arguments name the argument', () => {
  it('every tool refuses an unknown argument by name', async () => {
    const required: Record<string, Record<string, string>> = { jira_get_issue: { key: 'PERF-812' }, wiki_search: { query: 'breaker' }, oncall_get_schedule: { schedule: 'orders' } };
    for (const t of tools) {
      if (t.kind !== 'read') continue;
      expect((await fails(t.name, { ...required[t.name], bogus: 1 })).error.field, t.name).toBe('bogus');
    }
  });

  it.each([
    ['jira_search', { limit: 0 }, 'limit', 'invalid_arguments'],
    ['jira_search', { query: 'project = ORDS' }, 'query', 'unknown_project'],
    ['jira_search', { query: 'colour = red' }, 'query', 'invalid_query'],
    ['jira_search', { query: 'status = Open OR status = Done' }, 'query', 'invalid_query'],
    ['jira_get_issue', {}, 'key', 'invalid_arguments'],
    ['jira_get_issue', { key: 'PERF-821' }, 'key', 'unknown_issue'],
    ['jira_list_sprints', { state: 'open' }, 'state', 'invalid_arguments'],
    ['wiki_search', {}, 'query', 'invalid_arguments'],
    ['wiki_search', { query: '!!' }, 'query', 'invalid_arguments'],
    ['wiki_get_page', {}, 'id', 'invalid_arguments'],
    ['wiki_get_page', { id: 'runbook-storefront-breakers' }, 'id', 'unknown_wiki_page'],
    ['wiki_get_page', { title: 'Partner integration guide' }, 'title', 'unknown_wiki_page'],
    ['oncall_who_is_on_call', { schedule: 'fulfilment' }, 'schedule', 'unknown_schedule'],
    ['oncall_who_is_on_call', { team: 'Marketing' }, 'team', 'unknown_team'],
    ['oncall_get_schedule', {}, 'schedule', 'invalid_arguments'],
    ['oncall_get_schedule', { schedule: 'orders', since: 'yesterday' }, 'since', 'invalid_arguments'],
    ['oncall_get_schedule', { schedule: 'orders', since: '+1d', until: '-1d' }, 'until', 'invalid_arguments'],
    ['terraform_show_state', { address: 'aws_elasticache_cluster.order' }, 'address', 'unknown_resource'],
    ['terraform_list_resources', { type: 'aws_bucket' }, 'type', 'unknown_resource_type'],
    ['terraform_list_resources', { module: 'storage' }, 'module', 'unknown_module'],
    ['statuspage_list_incidents', { status: 'closed' }, 'status', 'invalid_arguments'],
  ] as const)('%s %j → %s', async (name, args, field, code) => {
    expect((await fails(name, args)).error).toMatchObject({ field, code });
  });

  it('an unknown name comes back with the right one', async () => {
    expect((await fails('jira_get_issue', { key: 'PERF-821' })).error.message).toContain('Did you mean "PERF-812"?');
    expect((await fails('terraform_show_state', { address: 'aws_elasticache_cluster.order' })).error.message).toContain('Did you mean "aws_elasticache_cluster.orders"?');
  });
});

describe('a broken world file', () => {
  it('is an error naming the file, the path and how to list every problem', async () => {
    const brokenRoot = mkdtempSync(join(tmpdir(), 'fd-desk-broken-world-'));
    try {
      const pack = join(brokenRoot, 'chaos', 'scenarios', 'storefront-offline');
      mkdirSync(pack, { recursive: true });
      cpSync(join(root, 'chaos', 'scenarios', 'storefront-offline', 'world'), join(pack, 'world'), { recursive: true });
      const file = join(pack, 'world', 'terraform.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('    changed_at: -3d 14:20\n', '    changed_at: last tuesday\n'));
      const { desk: broken } = deskFor({ root: brokenRoot, stateDir: dir });
      const { error, status } = await fails('terraform_list_resources', {}, broken);
      expect(status).toBe(503);
      expect(error.code).toBe('invalid_world');
      expect(error.message).toMatch(/world\/terraform\.yaml: resources\[\d+\]\.changed_at: expected a time relative to the lab's clock/);
      expect(error.message).toContain('npx firedrill chaos validate storefront-offline');
    } finally {
      rmSync(brokenRoot, { recursive: true, force: true });
    }
  });
});
