import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../lab/paths.js';
import { RuntimeError, type Runtime } from '../../../lab/runtime/runtime.js';
import { versionTag } from '../../../lab/shop-repo/deployed.js';
import type { DeployRun } from '../../../lab/shop-repo/runs.js';
import { prepareShop } from '../../../lab/shop-repo/setup.js';
import { createJournal } from '../journal/journal.js';
import { createRegistry } from '../registry/registry.js';
import { actorOf } from './actor.js';
import { createCiTools } from './ci.js';
import { createFeatureflagTools } from './featureflags.js';
import { createGitTools } from './git.js';
import { createImageTools } from './images.js';
import { createRollbackTools } from './rollback.js';

type Obj = Record<string, unknown>;
interface FlagDef { state: string; defaultVariant: string; variants: Obj }
interface Commit { sha: string; short: string; author: string; email: string; date: string; subject: string }
interface Tag { image: string; tag: string; commit: string; running: boolean }
const root = repoRoot();
const caller = { kind: 'agent' as const, name: 'Claude Tester', via: 'mcp-http' };
const me = actorOf(caller);
const cleanup: (() => void)[] = [];
afterAll(() => cleanup.forEach((f) => f()));

/**
 * No lab runs in component tests, so deploys go to this Runtime, which records what it is
 * asked to roll. Acceptable only because the lead's integration test runs deploy_rollback
 * against the real lab; the repository side (commits, runs, releases) here is all real.
 */
function recordingRuntime() {
  const rec = { fail: false, deploys: [] as { deployable: string; content: string; release?: string }[] };
  const refuse = () => Promise.reject(new RuntimeError('not_in_test', 'only deploy is expected'));
  const runtime: Runtime = {
    listPods: refuse, describePod: refuse, events: refuse, logs: refuse, restart: refuse, scale: refuse,
    deploy: async (deployable, config) => {
      if (rec.fail) throw new RuntimeError('crash_loop', `${deployable} exited during startup`);
      rec.deploys.push({ deployable, content: config.content, ...(config.release ? { release: config.release } : {}) });
      return { name: `${deployable}-5f6a-${rec.deploys.length}`, deployable, status: 'Running', ready: true, restarts: 0, startedAt: new Date().toISOString(), pid: 4242, port: 0, replicas: 1 };
    },
  };
  return Object.assign(rec, { runtime });
}

function createDesk(runtime: Runtime = recordingRuntime().runtime) {
  const stateDir = mkdtempSync(join(tmpdir(), 'fd-desk-repo-'));
  const dir = prepareShop(root, stateDir).repo.dir;
  const sources = { root, stateDir, prometheusUrl: 'http://127.0.0.1:9', pagerUrl: 'http://127.0.0.1:9', workspaceCredentialsFile: join(stateDir, 'none.json'), runtime };
  const journal = createJournal(join(stateDir, 'desk', 'journal.jsonl'));
  cleanup.push(() => { journal.close(); rmSync(stateDir, { recursive: true, force: true }); });
  const registry = createRegistry({
    tools: [...createFeatureflagTools(sources), ...createGitTools(sources), ...createCiTools(sources), ...createImageTools(sources), ...createRollbackTools(sources)],
    journal, log: pino({ level: 'silent' }),
  });
  const call = (name: string, args: unknown) => registry.call(name, args, caller);
  return {
    stateDir, dir, call,
    git: (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }),
    ok: async <T = Obj>(name: string, args: unknown = {}): Promise<T> => {
      const out = await call(name, args);
      if (!out.ok) throw new Error(`${name} failed: ${JSON.stringify(out.error)}`);
      return out.result as T;
    },
    releases: () => JSON.parse(readFileSync(join(stateDir, 'deployed', 'releases.json'), 'utf8')) as Record<string, { commit: string; version: string }>,
    runs: (): DeployRun[] => readFileSync(join(stateDir, 'ci', 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as DeployRun),
  };
}

let ro: ReturnType<typeof createDesk>;
beforeAll(() => { ro = createDesk(); });

describe('wrong arguments come back naming the argument', () => {
  it.each<[string, Obj, string, string?]>([
    ['featureflags_list', { verbose: true }, 'verbose'],
    ['featureflags_get', {}, 'flag'],
    ['featureflags_get', { flag: 'fulfilmentDispatchPaused' }, 'flag', 'fulfillmentDispatchPaused'],
    ['featureflags_set', { flag: 'storefrontBreakerEnabled' }, 'variant'],
    ['featureflags_set', { flag: 'storefrontBreakerEnabled', variant: 'maybe' }, 'variant', 'off'],
    ['git_recent_commits', { limit: 0 }, 'limit'],
    ['git_recent_commits', { since: 'last tuesday' }, 'since'],
    ['git_recent_commits', { service: 'ordres' }, 'service', 'orders'],
    ['git_recent_commits', { path: 'config/order.yaml' }, 'path', 'config/orders.yaml'],
    ['git_blame', {}, 'path'],
    ['git_blame', { path: 'config/order.yaml' }, 'path', 'config/orders.yaml'],
    ['git_blame', { path: 'services' }, 'path'],
    ['git_blame', { path: 'flags.json', startLine: 9999 }, 'startLine'],
    ['ci_list_runs', { status: 'done' }, 'status'],
    ['ci_list_runs', { service: 'payments' }, 'service', 'orders'],
    ['ci_get_run_logs', { runId: 'run-9999' }, 'runId'],
    ['registry_list_tags', {}, 'service'],
    ['registry_get_manifest', { service: 'orders', tag: 'deadbee' }, 'tag'],
    ['deploy_rollback', { service: 'payments' }, 'service', 'fulfillment'],
    ['deploy_rollback', { service: 'orders', force: true }, 'force'],
  ])('%s %j → %s', async (name, args, field, valid) => {
    const out = await ro.call(name, args);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.field).toBe(field);
    if (valid !== undefined) expect(out.error.valid).toContain(valid);
  });
});

describe('read tools answer what git and the lab state say', () => {
  it('featureflags_list and _get: flags.json in the working tree, each change from its history', async () => {
    const { flags } = JSON.parse(readFileSync(join(ro.dir, 'flags.json'), 'utf8')) as { flags: Record<string, FlagDef> };
    const list = await ro.ok<{ flags: (FlagDef & { name: string; lastChange: unknown })[] }>('featureflags_list');
    expect(list.flags.map((f) => f.name)).toEqual(Object.keys(flags));
    for (const f of list.flags) {
      const def = flags[f.name] as FlagDef;
      expect(f).toMatchObject({ state: def.state, defaultVariant: def.defaultVariant, variants: def.variants, value: def.variants[def.defaultVariant] });
      const [commit, author, subject] = ro.git('log', '--format=%h|%an|%s', `-S"${f.name}"`, '--', 'flags.json').trim().split('\n').at(-1)?.split('|') ?? [];
      expect(f.lastChange).toMatchObject({ commit, author, subject, change: 'added', to: def.defaultVariant });
      expect((await ro.ok<{ history: unknown[] }>('featureflags_get', { flag: f.name })).history).toEqual([f.lastChange]);
    }
  });

  it('git_recent_commits matches git log, with files, bodies and every filter', async () => {
    const all = await ro.ok<{ commits: Commit[] }>('git_recent_commits');
    const log = ro.git('log', '-n20', '--format=%H|%h|%an|%ae|%aI|%s').trim().split('\n').map((l) => l.split('|'));
    expect(all.commits.map((c) => [c.sha, c.short, c.author, c.email, c.date, c.subject])).toEqual(log);
    for (const c of all.commits) {
      const files = ro.git('show', '--name-only', '--format=', c.sha).trim().split('\n');
      expect(c).toMatchObject({ filesChanged: files.length, files: files.slice(0, 20), body: ro.git('log', '-1', '--format=%b', c.sha).trim() });
    }
    const shas = async (args: Obj) => (await ro.ok<{ commits: Commit[] }>('git_recent_commits', args)).commits.map((c) => c.sha);
    const gitShas = (...args: string[]) => ro.git('log', '--format=%H', ...args).trim().split('\n').filter(Boolean);
    expect(await shas({ service: 'orders' })).toEqual(gitShas('--', 'config/orders.yaml', 'services/orders/'));
    expect(await shas({ path: 'services/orders/' })).toEqual(gitShas('--', 'services/orders'));
    expect(await shas({ since: '8d' })).toEqual(gitShas(`--since=${new Date(Date.now() - 8 * 86_400_000).toISOString()}`));
    expect(await ro.ok('git_recent_commits', { limit: 3 })).toMatchObject({ more: true, commits: { length: 3 } });
  });

  it('git_blame matches git blame line by line, and pages', async () => {
    const path = 'config/orders.yaml';
    const blame = await ro.ok<{ lines: { line: number }[] }>('git_blame', { path });
    const direct = ro.git('blame', '-s', '-l', '--root', 'HEAD', '--', path).split('\n').filter(Boolean).map((l) => /^([0-9a-f]{40}) +(\d+)\) (.*)$/.exec(l));
    expect(blame.lines).toHaveLength(direct.length);
    direct.forEach((m, i) => {
      const [author, date, subject] = ro.git('log', '-1', '--format=%an|%aI|%s', m?.[1] ?? '').trim().split('|');
      expect(blame.lines[i]).toMatchObject({ line: Number(m?.[2]), commit: m?.[1]?.slice(0, 7), author, date, subject, text: m?.[3] });
    });
    expect((await ro.ok<typeof blame>('git_blame', { path, startLine: 2, endLine: 3 })).lines.map((l) => l.line)).toEqual([2, 3]);
  });

  it('ci_list_runs and ci_get_run_logs read the run store, newest first', async () => {
    const runs = ro.runs().sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
    const ids = async (args: Obj) => (await ro.ok<{ runs: { id: string }[] }>('ci_list_runs', args)).runs.map((r) => r.id);
    expect(await ids({ limit: 100 })).toEqual(runs.map((r) => r.id));
    expect(await ids({ service: 'orders', status: 'succeeded' })).toEqual(runs.filter((r) => r.service === 'orders' && r.status === 'succeeded').map((r) => r.id));
    const first = runs.at(-1) as DeployRun;
    expect(await ro.ok('ci_get_run_logs', { runId: first.id })).toMatchObject({ id: first.id, sha: first.commit, commit: first.commitShort, logs: first.logs });
  });

  it('registry_list_tags and _get_manifest: one tag per deployed commit, the config at that commit', async () => {
    const running = ro.releases().orders?.version;
    const built = [...new Set(ro.runs().filter((r) => r.service === 'orders' && r.status === 'succeeded').map((r) => r.version))];
    const { tags } = await ro.ok<{ tags: Tag[] }>('registry_list_tags', { service: 'orders' });
    expect(tags.map((t) => t.image).sort()).toEqual([...new Set([...built, running])].sort());
    expect(tags.filter((t) => t.running).map((t) => t.image)).toEqual([running]);
    for (const t of tags) {
      const content = ro.git('show', `${t.commit}:config/orders.yaml`);
      const manifest = await ro.ok<{ labels: Obj }>('registry_get_manifest', { service: 'orders', tag: t.image });
      expect(manifest).toMatchObject({ tag: t.tag, running: t.running, config: { content }, digest: `sha256:${createHash('sha256').update(content).digest('hex')}` });
      expect(manifest.labels['org.opencontainers.image.revision']).toBe(ro.git('rev-parse', t.commit).trim());
    }
    expect(await ro.ok('registry_get_manifest', { service: 'orders' })).toMatchObject({ image: running, running: true });
  });
});

describe('remediation tools change the shop repository as the caller', () => {
  it('featureflags_set commits one line of flags.json as the caller, once', async () => {
    const d = createDesk();
    const set = { flag: 'fulfillmentDispatchPaused', variant: 'on', reason: 'stop the webhook storm' };
    const result = await d.ok('featureflags_set', set);
    expect(JSON.parse(readFileSync(join(d.dir, 'flags.json'), 'utf8'))).toMatchObject({ flags: { fulfillmentDispatchPaused: { defaultVariant: 'on' } } });
    expect(d.git('log', '-1', '--format=%an|%ae|%s')).toBe(`${me.name}|${me.email}|Set fulfillmentDispatchPaused to on: stop the webhook storm\n`);
    expect(d.git('show', '--format=', '--numstat', 'HEAD')).toBe('1\t1\tflags.json\n');
    expect(d.git('status', '--porcelain')).toBe('');
    const head = d.git('rev-parse', 'HEAD').trim();
    expect(result).toMatchObject({ changed: true, from: 'off', variant: 'on', value: true, commit: { sha: head } });
    expect(await d.ok('featureflags_set', set)).toMatchObject({ changed: false });
    expect(d.git('rev-parse', 'HEAD').trim()).toBe(head);
    const { history } = await d.ok<{ history: unknown[] }>('featureflags_get', { flag: set.flag });
    expect(history[0]).toMatchObject({ commit: head.slice(0, 7), author: me.name, change: 'variant', from: 'off', to: 'on' });
  });

  it('deploy_rollback reverts the last config change as the caller, deploys it, and does not undo its own revert', async () => {
    const rec = recordingRuntime();
    const d = createDesk(rec.runtime);
    const path = 'config/fulfillment.yaml';
    const [sha, subject] = d.git('log', '-1', '--format=%H|%s', '--', path).trim().split('|');
    const prior = d.git('show', `${sha}~1:${path}`);
    const result = await d.ok('deploy_rollback', { service: 'fulfillment', reason: 'redrive storm' });
    const [head, short] = d.git('log', '-1', '--format=%H|%h').trim().split('|');
    expect(d.git('show', `HEAD:${path}`)).toBe(prior);
    expect(d.git('log', '-1', '--format=%an|%B').trim()).toBe(`${me.name}|Revert "${subject}"\n\nThis reverts the config change of ${sha}.\n\nredrive storm`);
    expect(d.git('show', '--name-only', '--format=', 'HEAD')).toBe(`${path}\n`);
    const version = versionTag('fulfillment', short ?? '');
    expect(rec.deploys).toEqual([{ deployable: 'fulfillment', content: prior, release: version }]);
    const run = d.runs().at(-1);
    expect(run).toMatchObject({ status: 'succeeded', triggeredBy: me.handle, commit: head, version });
    expect(d.releases().fulfillment).toMatchObject({ commit: head, version });
    expect(result).toMatchObject({ rolledBack: true, reverted: { sha, subject }, commit: { sha: head }, run: run?.id, version, pod: run?.pod });
    expect(await d.ok('deploy_rollback', { service: 'fulfillment' })).toMatchObject({ rolledBack: false });
    expect(d.git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(rec.deploys).toHaveLength(1);
  });

  it('deploy_rollback whose rollout fails says the revert is committed, and a retry deploys it', async () => {
    const rec = recordingRuntime();
    rec.fail = true;
    const d = createDesk(rec.runtime);
    const out = await d.call('deploy_rollback', { service: 'orders' });
    const [head, short] = d.git('log', '-1', '--format=%H|%h').trim().split('|');
    expect(out).toMatchObject({ ok: false, status: 502, error: { code: 'deploy_failed', message: expect.stringContaining(`committed as ${short}`) } });
    expect(d.runs().at(-1)).toMatchObject({ status: 'failed', service: 'orders', commit: head });
    rec.fail = false;
    expect(await d.ok('deploy_rollback', { service: 'orders' })).toMatchObject({ rolledBack: true, commit: { sha: head }, status: 'succeeded' });
    expect(d.git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(rec.deploys).toHaveLength(1);
  });
});
