import { posix } from 'node:path';
import { z } from 'zod';
import { git } from '../../../lab/shop-repo/git.js';
import type { ShopRepo } from '../../../lab/shop-repo/repo.js';
import { ToolError } from '../registry/errors.js';
import { defineTool, type Tool } from '../registry/tool.js';
import type { DeskSources } from '../sources.js';
import { closest, inShop, serviceArg, shopService, unknownName } from './shop.js';
import { resolveWhen, when } from './when.js';

const BLAME_CAP = 200;
const FILES_CAP = 20;
/** Pathspec magic (`:(glob)`, `:!x`) would let an argument mean something else; paths are literal. */
const gitIn = (repo: ShopRepo, args: readonly string[]) => git(repo.dir, ['--literal-pathspecs', ...args]);

/** Relative to the repository root; `/` and `/..` are the root itself, `.`. */
const cleanPath = (path: string) => posix.normalize(path.trim()).replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '') || '.';

/** A path git can take as one argument: no control characters (a NUL cannot reach a child process), at most PATH_MAX. */
const pathArg = z.string().min(1).max(4096).regex(/^[^\u0000-\u001f]*$/, 'expected a path without control characters');

/** The tracked files an agent probably meant: same name or same folder when there are many, else the top level to start from. */
function unknownPath(repo: ShopRepo, path: string): ToolError {
  const files = gitIn(repo, ['ls-files']).split('\n').filter(Boolean);
  const near = files.filter((f) => posix.basename(f) === posix.basename(path) || posix.dirname(f) === posix.dirname(path));
  const hint = closest(path, files);
  const valid = files.length <= 20 ? files : [...new Set([...(hint ? [hint] : []), ...near])];
  return unknownName('path', 'file', path, valid.length > 0 ? valid : gitIn(repo, ['ls-tree', '--name-only', 'HEAD']).split('\n').filter(Boolean));
}

/** Epoch seconds and git's ±HHMM zone as `git log --format=%aI` writes them, so blame and log dates compare. */
function isoInZone(seconds: number, tz: string): string {
  const m = /^([+-])(\d\d)(\d\d)$/.exec(tz);
  if (!m) return new Date(seconds * 1000).toISOString();
  const offset = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  return `${new Date((seconds + offset * 60) * 1000).toISOString().slice(0, 19)}${m[1]}${m[2]}:${m[3]}`;
}

function parseCommits(out: string) {
  return out.split('\x1e').filter((r) => r.trim() !== '').map((r) => {
    const [sha = '', short = '', author = '', email = '', date = '', subject = '', body = '', names = ''] = r.split('\x1f');
    const files = names.split('\n').map((f) => f.trim()).filter(Boolean);
    const trimmed = body.trim();
    return {
      sha, short, author, email, date, subject,
      body: trimmed.length > 1000 ? `${trimmed.slice(0, 1000)}…` : trimmed,
      files: files.slice(0, FILES_CAP), filesChanged: files.length,
    };
  });
}

function parseBlame(out: string, shortLen: number) {
  const lines: { line: number; commit: string; author: string; date: string; subject: string; text: string }[] = [];
  let cur = { sha: '', line: 0, author: '', time: 0, date: '', subject: '' };
  for (const l of out.split('\n')) {
    const head = /^([0-9a-f]{40}) \d+ (\d+)/.exec(l);
    if (head) cur = { ...cur, sha: head[1] ?? '', line: Number(head[2]) };
    else if (l.startsWith('author ')) cur.author = l.slice(7);
    else if (l.startsWith('author-time ')) cur.time = Number(l.slice(12));
    else if (l.startsWith('author-tz ')) cur.date = isoInZone(cur.time, l.slice(10));
    else if (l.startsWith('summary ')) cur.subject = l.slice(8);
    else if (l.startsWith('\t')) {
      const text = l.slice(1);
      lines.push({ line: cur.line, commit: cur.sha.slice(0, shortLen), author: cur.author, date: cur.date, subject: cur.subject, text: text.length > 300 ? `${text.slice(0, 300)}…` : text });
    }
  }
  return lines;
}

const recentArgs = z.object({
  limit: z.number().int().min(1).max(100).default(20).describe('How many commits, newest first (1-100, default 20).'),
  path: pathArg.optional().describe('Only commits touching this file or folder of the shop repository, e.g. config/orders.yaml or services/orders.'),
  service: serviceArg.optional().describe('Only commits touching this service: config/<service>.yaml and services/<service>/. Not together with path.'),
  since: when.optional().describe('Only commits since then: ISO time, epoch seconds, or a duration back from now (30m, 24h, 7d).'),
}).strict();

const blameArgs = z.object({
  path: pathArg.describe('A file in the shop repository, e.g. config/fulfillment.yaml or flags.json.'),
  startLine: z.number().int().min(1).optional().describe('First line to blame (default 1).'),
  endLine: z.number().int().min(1).optional().describe(`Last line to blame (default: ${BLAME_CAP} lines from startLine, the most one call returns).`),
}).strict();

/** git_*: the shop repository's history — who changed what, when, and why (commit messages carry tickets). */
export function createGitTools(sources: DeskSources): Tool[] {
  return [
    defineTool({
      name: 'git_recent_commits', family: 'git', kind: 'read', args: recentArgs,
      description: 'Recent commits of the shop repository (service source, config/<service>.yaml, flags.json), newest first, with author, date, message and files; filter by service, path or since to find the change behind an incident.',
      run: (args, ctx) => inShop(sources, (repo) => {
        if (args.path !== undefined && args.service !== undefined) throw new ToolError('conflicting_arguments', 400, 'give path or service, not both', { field: 'service', valid: ['path', 'service'] });
        let paths: string[] = [];
        if (args.service !== undefined) {
          const service = shopService(args.service);
          paths = [`config/${service}.yaml`, `services/${service}/`];
        } else if (args.path !== undefined) {
          const path = cleanPath(args.path);
          const known = !path.startsWith('..') && (gitIn(repo, ['ls-files', '--', path]).trim() !== '' || gitIn(repo, ['log', '-1', '--format=%H', '--', path]).trim() !== '');
          if (!known) throw unknownPath(repo, path);
          paths = path === '.' ? [] : [path];
        }
        const since = args.since === undefined ? undefined : new Date(resolveWhen(args.since, ctx.now()));
        const out = gitIn(repo, ['log', '--format=%x1e%H%x1f%h%x1f%an%x1f%ae%x1f%aI%x1f%s%x1f%b%x1f', '--name-only', `-n${args.limit + 1}`,
          ...(since ? [`--since=${since.toISOString()}`] : []), '--', ...paths]);
        const commits = parseCommits(out);
        return { commits: commits.slice(0, args.limit), more: commits.length > args.limit };
      }),
    }),
    defineTool({
      name: 'git_blame', family: 'git', kind: 'read', args: blameArgs,
      description: `Who last changed each line of a shop repository file at HEAD: commit, author, date, subject per line (at most ${BLAME_CAP} lines a call; page with startLine).`,
      run: (args) => inShop(sources, (repo) => {
        const path = cleanPath(args.path);
        const listed = path.startsWith('..') ? [] : gitIn(repo, ['ls-tree', 'HEAD', '--', path]).split('\n').filter(Boolean);
        if (listed.length === 0) throw unknownPath(repo, path);
        // A file lists itself; a folder lists itself as a tree, and the root (`.`) lists its entries instead.
        const own = listed.find((l) => l.slice(l.indexOf('\t') + 1) === path);
        if (own === undefined || /^\S+ tree /.test(own)) {
          const inside = gitIn(repo, ['ls-files', '--', path]).split('\n').filter(Boolean);
          throw new ToolError('not_a_file', 400, `path: ${path} is a folder; blame one of its files`, { field: 'path', valid: inside.slice(0, 50) });
        }
        const text = repo.show(path) ?? '';
        const total = text === '' ? 0 : text.replace(/\n$/, '').split('\n').length;
        const start = args.startLine ?? 1;
        if (start > Math.max(total, 1)) throw new ToolError('out_of_range', 400, `startLine: ${path} has ${total} lines`, { field: 'startLine' });
        if (args.endLine !== undefined && args.endLine < start) throw new ToolError('out_of_range', 400, `endLine: ${args.endLine} is before startLine ${start}`, { field: 'endLine' });
        const end = Math.min(args.endLine ?? total, total, start + BLAME_CAP - 1);
        const head = repo.head();
        const lines = total === 0 ? [] : parseBlame(gitIn(repo, ['blame', '--line-porcelain', '-L', `${start},${end}`, 'HEAD', '--', path]), head.short.length);
        return { path, at: head.short, totalLines: total, startLine: start, endLine: end, more: end < Math.min(args.endLine ?? total, total), lines };
      }),
    }),
  ];
}
