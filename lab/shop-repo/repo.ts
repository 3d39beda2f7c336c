import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { shopSeed } from '../paths.js';
import { git, ShopRepoError, type Person } from './git.js';
import { applyEdits, commitDate, importCommit, importedFiles, pastCommits } from './history.js';

/** The services whose deploy config lives in the shop repository as `config/<service>.yaml`. */
export const shopServices = ['storefront', 'orders', 'fulfillment', 'partners', 'seating'] as const;
export type ShopService = (typeof shopServices)[number];

export function isShopService(name: string): name is ShopService {
  return (shopServices as readonly string[]).includes(name);
}

export interface CommitInfo {
  sha: string;
  short: string;
  author: string;
  email: string;
  /** Author date, ISO. */
  date: string;
  subject: string;
}

export interface ShopRepo {
  dir: string;
  head(): CommitInfo;
  /** A file's text at a revision, or undefined when it is not there. */
  show(path: string, rev?: string): string | undefined;
  log(opts?: { path?: string; limit?: number }): CommitInfo[];
  /** Writes the files into the working tree and commits them as `author`. */
  commit(opts: { author: Person; message: string; files: Record<string, string>; date?: Date }): CommitInfo;
  /** Whether `path` in the working tree differs from HEAD. */
  changed(path: string): boolean;
}

export const shopRepoDir = (stateDir: string) => join(stateDir, 'shop');

const FORMAT = '%H%x1f%h%x1f%an%x1f%ae%x1f%aI%x1f%s%x1e';

function parseLog(out: string): CommitInfo[] {
  return out.split('\x1e').map((r) => r.trim()).filter(Boolean).map((r) => {
    const [sha = '', short = '', author = '', email = '', date = '', subject = ''] = r.split('\x1f');
    return { sha, short, author, email, date, subject };
  });
}

function repoAt(dir: string): ShopRepo {
  const repo: ShopRepo = {
    dir,
    head: () => {
      const [c] = parseLog(git(dir, ['log', '-1', `--format=${FORMAT}`]));
      if (!c) throw new ShopRepoError('corrupt_repo', `the shop repository at ${dir} has no commits`);
      return c;
    },
    show: (path, rev = 'HEAD') => {
      const listed = git(dir, ['ls-tree', '--name-only', rev, '--', path]).trim();
      return listed === '' ? undefined : git(dir, ['show', `${rev}:${path}`]);
    },
    log: (opts = {}) => parseLog(git(dir, ['log', `--format=${FORMAT}`, ...(opts.limit ? [`-n${opts.limit}`] : []), ...(opts.path ? ['--', opts.path] : [])])),
    commit: ({ author, message, files, date }) => {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      git(dir, ['add', '--', ...Object.keys(files)]);
      git(dir, ['commit', '-q', '-F', '-'], { as: author, ...(date ? { date } : {}), input: message });
      return repo.head();
    },
    changed: (path) => git(dir, ['status', '--porcelain', '--', path]).trim() !== '',
  };
  return repo;
}

/**
 * Opens the shop repository and checks it is a usable git repository with a HEAD. A
 * broken one is reported with the fix and never touched: it may hold someone's commits.
 */
export function openShopRepo(stateDir: string): ShopRepo {
  const dir = shopRepoDir(stateDir);
  const fix = `Nothing was changed. Repair it with git, or move it away (mv ${dir} ${dir}.broken) and start the lab again to create a fresh one.`;
  if (!existsSync(join(dir, '.git'))) {
    throw new ShopRepoError('corrupt_repo', existsSync(dir)
      ? `${dir} exists but is not a git repository. ${fix}`
      : `there is no shop repository at ${dir}: start the lab once (\`make lab\`) to create it`);
  }
  try {
    git(dir, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
    git(dir, ['fsck', '--no-dangling', '--no-progress']);
  } catch (err) {
    throw new ShopRepoError('corrupt_repo', `the shop repository at ${dir} is corrupt (${(err as Error).message}). ${fix}`);
  }
  return repoAt(dir);
}

function listSources(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return listSources(root, path);
    return /\.test\.ts$/.test(e.name) || !/\.(ts|md|css|html)$/.test(e.name) ? [] : [path];
  });
}

const README = `# shop

The shop's services and their deploy config, in one repository.

- \`services/<name>/\` — source of storefront, orders, fulfillment, partners, seating
- \`config/<name>.yaml\` — each service's deploy config; \`firedrill deploy <name>\` ships HEAD
- \`flags.json\` — feature flags (flagd format); services pick up a change within seconds, no deploy

Every change is a commit with its ticket id (PLAT-, ORD-, FUL-, TIX-).
`;

/** The seed's deploy config and flags as repository paths. */
export function seedFiles(root: string): Record<string, string> {
  const seed = shopSeed(root);
  const files: Record<string, string> = { 'flags.json': readFileSync(seed.flags, 'utf8') };
  for (const s of shopServices) files[`config/${s}.yaml`] = readFileSync(seed.config(s), 'utf8');
  return files;
}

/**
 * Creates the shop repository with its history when there is none: the import 35 days
 * ago (source snapshot + deploy config), then the coworkers' backdated commits, ending at
 * the seed config. Returns the commits it made, oldest first; none when it already existed.
 */
export function ensureShopRepo(root: string, stateDir: string, now: Date = new Date()): { repo: ShopRepo; created: CommitInfo[] } {
  const dir = shopRepoDir(stateDir);
  if (existsSync(dir)) return { repo: openShopRepo(stateDir), created: [] };
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);
  const repo = repoAt(dir);
  const seed = seedFiles(root);
  const sources = Object.fromEntries(listSources(root, 'services').map((p) => [p, readFileSync(join(root, p), 'utf8')]));
  let files = importedFiles(seed);
  const created = [repo.commit({
    author: importCommit.author, message: importCommit.message, date: commitDate(now, importCommit.daysAgo, importCommit.at),
    files: { 'README.md': README, ...sources, ...files },
  })];
  for (const c of pastCommits) {
    const next = applyEdits(files, c.edits);
    const touched = Object.fromEntries(Object.entries(next).filter(([p, t]) => files[p] !== t));
    files = next;
    created.push(repo.commit({ author: c.author, message: c.message, date: commitDate(now, c.daysAgo, c.at), files: touched }));
  }
  return { repo, created };
}
