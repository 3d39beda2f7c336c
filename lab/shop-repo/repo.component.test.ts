import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../paths.js';
import { RuntimeError, type Runtime } from '../runtime/runtime.js';
import { deployService } from './deploy.js';
import { deployedDir } from './deployed.js';
import { coworkers } from './history.js';
import { openShopRepo, seedFiles } from './repo.js';
import { createRunStore } from './runs.js';
import { prepareShop } from './setup.js';

const root = repoRoot();
const gitOut = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });

/** A Runtime no deploy in these tests may reach: rejecting before any restart is the point. */
const untouchable: Runtime = new Proxy({} as Runtime, {
  get: (_t, prop) => () => Promise.reject(new RuntimeError('touched', `the runtime was called (${String(prop)})`)),
});

describe('prepareShop: the shop repository on first start', () => {
  it('is a real git repository with the backdated history, HEAD at the seed, and every service deployed from it', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'fd-shop-'));
    const now = new Date();
    const shop = prepareShop(root, stateDir, now);
    const dir = shop.repo.dir;

    const log = gitOut(dir, 'log', '--format=%an|%aI|%cI|%s').trim().split('\n').map((l) => l.split('|'));
    expect(log.length).toBe(11);
    expect(new Set(log.map((l) => l[0])).size).toBeGreaterThanOrEqual(4);
    for (const [, authored, committed, subject] of log) {
      expect(authored).toBe(committed);
      expect(Date.parse(authored ?? '')).toBeLessThan(now.getTime() - 24 * 3600_000);
      expect(subject).toMatch(/^(PLAT|ORD|FUL|TIX)-\d+ /);
    }
    // Real diffs: the pool commit changes exactly that line.
    const ord231 = gitOut(dir, 'log', '--format=%H', '--grep=ORD-231').trim();
    expect(gitOut(dir, 'show', '--format=', ord231)).toMatch(/-poolSize: 2\n\+poolSize: 4/);
    expect(gitOut(dir, 'status', '--porcelain')).toBe('');
    expect(gitOut(dir, 'ls-files')).toMatch(/^services\/fulfillment\/delivery\.ts$/m);

    for (const [path, text] of Object.entries(seedFiles(root))) {
      expect(gitOut(dir, 'show', `HEAD:${path}`)).toBe(text);
      const service = /^config\/(.+)\.yaml$/.exec(path)?.[1];
      if (service) expect(readFileSync(shop.configFile(service), 'utf8')).toBe(text);
    }
    expect(shop.flagsFile).toBe(join(dir, 'flags.json'));
    const lastFulfillment = gitOut(dir, 'log', '-1', '--format=%h', '--', 'config/fulfillment.yaml').trim();
    expect(shop.releases.fulfillment?.version).toBe(`firedrill/fulfillment:${lastFulfillment}`);

    const runs = createRunStore(stateDir).list();
    expect(runs.length).toBeGreaterThanOrEqual(8);
    expect(runs.every((r) => r.status === 'succeeded' && gitOut(dir, 'cat-file', '-t', r.commit).trim() === 'commit')).toBe(true);

    // A second start keeps the repository and what was deployed.
    const head = gitOut(dir, 'rev-parse', 'HEAD');
    writeFileSync(shop.configFile('orders'), 'poolSize: 12\n');
    const again = prepareShop(root, stateDir, new Date());
    expect(gitOut(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(readFileSync(again.configFile('orders'), 'utf8')).toBe('poolSize: 12\n');
    expect(createRunStore(stateDir).list()).toHaveLength(runs.length);
  });
});

describe('bad input to the shop repository and deploys', () => {
  const fresh = () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'fd-shop-'));
    return { stateDir, shop: prepareShop(root, stateDir) };
  };
  const deploy = (stateDir: string, service: string) => deployService({
    service, actor: 'test', repo: () => openShopRepo(stateDir), runtime: untouchable, runs: createRunStore(stateDir), deployed: deployedDir(stateDir),
  });

  it('a config that fails the service schema is rejected with every problem, recorded, and nothing restarts', async () => {
    const { stateDir, shop } = fresh();
    const text = readFileSync(join(shop.repo.dir, 'config', 'fulfillment.yaml'), 'utf8').replace('partnerTimeoutMs: 10000', 'partnerTimeoutMs: fast\npartnerTimeoutMS: 1500');
    const commit = shop.repo.commit({ author: coworkers.dan, message: 'FUL-999 try a typo', files: { 'config/fulfillment.yaml': text } });
    const err = await deploy(stateDir, 'fulfillment').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid_config' });
    expect((err as Error).message).toContain(`config/fulfillment.yaml at ${commit.short} fails fulfillment's config schema; nothing was restarted`);
    expect((err as { problems: string[] }).problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^config\/fulfillment\.yaml: partnerTimeoutMs: .*number.*\(got "fast"\)/),
      expect.stringMatching(/^config\/fulfillment\.yaml: partnerTimeoutMS: unknown setting; known settings are partnerTimeoutMs, /),
    ]));
    const [run] = createRunStore(stateDir).list().slice(-1);
    expect(run).toMatchObject({ status: 'rejected', service: 'fulfillment', commit: commit.sha, triggeredBy: 'test' });
    expect(readFileSync(shop.configFile('fulfillment'), 'utf8')).toContain('partnerTimeoutMs: 10000');
  });

  it('an unknown service is named with the ones that exist', async () => {
    const { stateDir } = fresh();
    await expect(deploy(stateDir, 'payments')).rejects.toMatchObject({ code: 'unknown_service', message: expect.stringContaining('deploy one of storefront, orders, fulfillment, partners, seating') });
  });

  it('a corrupt repository is reported with the fix and left exactly as it was', () => {
    const { stateDir, shop } = fresh();
    const ref = join(shop.repo.dir, '.git', 'refs', 'heads', 'main');
    writeFileSync(ref, 'not a commit\n');
    expect(() => openShopRepo(stateDir)).toThrow(/the shop repository at .* is corrupt .* Nothing was changed\. Repair it with git, or move it away/);
    expect(readFileSync(ref, 'utf8')).toBe('not a commit\n');
    expect(() => prepareShop(root, stateDir)).toThrow(/is corrupt/);
    expect(readFileSync(ref, 'utf8')).toBe('not a commit\n');
  });

  it('a folder that is not a repository is not taken over', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'fd-shop-'));
    mkdirSync(join(stateDir, 'shop', 'config'), { recursive: true });
    writeFileSync(join(stateDir, 'shop', 'config', 'mine.yaml'), 'keep: me\n');
    expect(() => prepareShop(root, stateDir)).toThrow(/exists but is not a git repository/);
    expect(readFileSync(join(stateDir, 'shop', 'config', 'mine.yaml'), 'utf8')).toBe('keep: me\n');
  });
});
