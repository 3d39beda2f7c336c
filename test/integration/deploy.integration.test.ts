import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PodDetail } from '../../lab/runtime/runtime.js';
import { callControl } from '../../lab/runtime/local/control.js';
import type { DeployRun } from '../../lab/shop-repo/runs.js';
import { getJsonFresh } from '../support/http.js';
import { cli, pod, useSharedLab } from '../support/lab.js';
import { until } from '../support/poll.js';

interface FulfillmentStatus {
  paused: boolean;
  deploy: Record<string, unknown>;
}

const lab = useSharedLab();
let repo: string;
beforeAll(() => {
  repo = join(lab.stateDir, 'shop');
});

/** git as a coworker would run it in the shop repository. */
const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=Dan Moreno', '-c', 'user.email=dan@shop.example', ...args], { encoding: 'utf8' });
const edit = (path: string, change: (text: string) => string) => writeFileSync(join(repo, path), change(readFileSync(join(repo, path), 'utf8')));
const firedrill = (...args: string[]) => spawnSync(process.execPath, [cli, ...args, '--state-dir', lab.stateDir], { encoding: 'utf8', timeout: 120_000 });
const status = () => getJsonFresh<FulfillmentStatus>(`http://127.0.0.1:${lab.ports.fulfillment}/status`);
const runs = () => readFileSync(join(lab.stateDir, 'ci', 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as DeployRun);

describe('the shop repository in a running lab', () => {
  it('has a backdated history by several authors, and the services run its HEAD config', async () => {
    const log = git('log', '--format=%an|%at').trim().split('\n').map((l) => l.split('|'));
    expect(new Set(log.map(([author]) => author)).size).toBeGreaterThanOrEqual(3);
    expect(log.every(([, at]) => Number(at) * 1000 < Date.now() - 24 * 3600_000)).toBe(true);
    const head = parseYaml(git('show', 'HEAD:config/fulfillment.yaml')) as Record<string, unknown>;
    expect((await status()).deploy).toEqual(head);
    expect(lab.output()).toContain(`shop repo    ${repo}`);
  });

  it('a commit to config/fulfillment.yaml plus `firedrill deploy fulfillment` changes the running dispatcher, with a deploy record', async () => {
    const before = await pod(lab, 'fulfillment');
    edit('config/fulfillment.yaml', (t) => t.replace('partnerTimeoutMs: 10000', 'partnerTimeoutMs: 1500'));
    git('commit', '-q', '-am', 'FUL-160 fulfillment: fail fast on slow partners');
    const sha = git('rev-parse', 'HEAD').trim();

    const run = firedrill('deploy', 'fulfillment', '--as', 'dan');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/passes fulfillment's config schema/);
    expect(run.stdout).toContain(`deployed: fulfillment runs firedrill/fulfillment:${sha.slice(0, 7)}`);

    expect((await status()).deploy.partnerTimeoutMs).toBe(1500);
    const after = await pod(lab, 'fulfillment');
    expect(after?.pid).not.toBe(before?.pid);
    expect(after?.ready).toBe(true);

    const record = runs().at(-1);
    expect(record).toMatchObject({ service: 'fulfillment', commit: sha, status: 'succeeded', triggeredBy: 'dan', author: 'Dan Moreno', pod: after?.name, version: `firedrill/fulfillment:${sha.slice(0, 7)}` });
    expect(record?.logs.join('\n')).toContain('rolling fulfillment');
    const described = (await callControl<PodDetail>(lab.socket, 'GET', '/pods/fulfillment')).body;
    expect(described.env.FULFILLMENT_RELEASE).toBe(record?.version);
    expect(readFileSync(join(lab.stateDir, 'deployed', 'fulfillment.yaml'), 'utf8')).toBe(git('show', 'HEAD:config/fulfillment.yaml'));
    const listed = firedrill('deploys', 'fulfillment');
    expect(listed.stdout.split('\n')[0]).toMatch(new RegExp(`^${record?.id}\\s.*succeeded\\s+fulfillment\\s+${sha.slice(0, 7)}\\s+dan\\s+FUL-160 `));
  });

  it('a commit to flags.json takes effect without a restart', async () => {
    const before = await pod(lab, 'fulfillment');
    expect((await status()).paused).toBe(false);
    edit('flags.json', (t) => t.replace(/("fulfillmentDispatchPaused": \{[\s\S]*?"defaultVariant": )"off"/, '$1"on"'));
    git('commit', '-q', '-am', 'FUL-161 pause dispatch while acme is down');
    await until('fulfillment to see the flag', async () => (await status()).paused, { timeoutMs: 30_000, everyMs: 250 });
    expect((await pod(lab, 'fulfillment'))?.pid).toBe(before?.pid);
    git('revert', '--no-edit', 'HEAD');
    await until('fulfillment to see the flag reverted', async () => !(await status()).paused, { timeoutMs: 30_000, everyMs: 250 });
  });

  it('a config that fails the schema is rejected before anything restarts, and the old version keeps running', async () => {
    const before = await pod(lab, 'fulfillment');
    const count = runs().length;
    edit('config/fulfillment.yaml', (t) => t.replace('maxAttempts: 3', 'maxAttempts: lots'));
    git('commit', '-q', '-am', 'FUL-162 retry harder');
    const run = firedrill('deploy', 'fulfillment');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/config\/fulfillment\.yaml at [0-9a-f]{7} fails fulfillment's config schema; nothing was restarted/);
    expect(run.stderr).toMatch(/config\/fulfillment\.yaml: maxAttempts: .*\(got "lots"\)/);
    expect(run.stderr).toContain('git revert');
    expect(await pod(lab, 'fulfillment')).toMatchObject({ pid: before?.pid, name: before?.name });
    expect((await status()).deploy).toMatchObject({ partnerTimeoutMs: 1500, maxAttempts: 3 });
    expect(runs()).toHaveLength(count + 1);
    expect(runs().at(-1)).toMatchObject({ status: 'rejected', service: 'fulfillment' });
    git('revert', '--no-edit', 'HEAD');
  });

  it('an unknown service, or a corrupt repository, is a clear error and loses nothing', async () => {
    const unknown = firedrill('deploy', 'payments');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('"payments" is not a shop service; deploy one of storefront, orders, fulfillment, partners, seating');

    const before = await pod(lab, 'fulfillment');
    const ref = join(repo, '.git', 'refs', 'heads', 'main');
    const saved = readFileSync(ref, 'utf8');
    writeFileSync(ref, 'garbage\n');
    const corrupt = firedrill('deploy', 'fulfillment');
    expect(corrupt.status).toBe(2);
    expect(corrupt.stderr).toMatch(/the shop repository at .* is corrupt .*Nothing was changed/);
    expect(readFileSync(ref, 'utf8')).toBe('garbage\n');
    expect((await pod(lab, 'fulfillment'))?.pid).toBe(before?.pid);
    writeFileSync(ref, saved);
    expect(git('status', '--porcelain')).toBe('');
  });
});
