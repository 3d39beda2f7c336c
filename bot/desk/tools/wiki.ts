import { z } from 'zod';
import type { WikiFile } from '../../../chaos/scenario/world-schema.js';
import { ToolError } from '../registry/errors.js';
import { defineTool, type Tool } from '../registry/tool.js';
import type { DeskSources } from '../sources.js';
import { capped, limitArg } from './bounded.js';
import { unknownName } from './shop.js';
import { createWorldSource } from './world.js';

interface Page {
  id: string;
  title: string;
  space: string;
  author: string;
  updated: string;
  labels: string[];
  body: string;
}

const SNIPPET_BEFORE = 80;
const SNIPPET_AFTER = 160;

/** The catalog as the page people read: its intro and one table row per service. */
export function catalogBody(catalog: WikiFile['catalog']): string {
  const rows = catalog.services.map((s) => `| ${s.name} | ${s.team} | ${s.tier} | ${s.rotation} | ${s.repo} | ${s.description} |`);
  return [catalog.intro, '', `${catalog.services.length} services.`, '', '| service | team | tier | on-call rotation | repo | what it does |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}

function pagesOf(wiki: WikiFile): Page[] {
  const c = wiki.catalog;
  return [...wiki.pages, { id: c.id, title: c.title, space: c.space, author: c.author, updated: c.updated, labels: c.labels, body: catalogBody(c) }];
}

const wordsOf = (text: string) => [...new Set((text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []).filter((w) => w.length >= 2))];

function count(haystack: string, word: string): number {
  let n = 0;
  for (let i = haystack.indexOf(word); i >= 0 && n < 5; i = haystack.indexOf(word, i + word.length)) n += 1;
  return n;
}

/** The body around the first query word it contains, on one line. */
function snippet(body: string, words: readonly string[]): string {
  const lower = body.toLowerCase();
  const hits = words.map((w) => lower.indexOf(w)).filter((i) => i >= 0);
  const at = hits.length > 0 ? Math.min(...hits) : 0;
  const start = Math.max(0, at - SNIPPET_BEFORE);
  const end = Math.min(body.length, at + SNIPPET_AFTER);
  return `${start > 0 ? '…' : ''}${body.slice(start, end).replace(/\s+/g, ' ').trim()}${end < body.length ? '…' : ''}`;
}

export function createWikiTools(sources: Pick<DeskSources, 'root' | 'stateDir'>): Tool[] {
  const worlds = createWorldSource(sources);
  return [
    defineTool({
      name: 'wiki_search', family: 'wiki', kind: 'read',
      description: 'Search the wiki (runbooks, architecture, partner docs, the service catalog) by words in titles, labels and text; returns page ids, titles and snippets, best match first.',
      args: z.object({
        query: z.string().trim().min(1).max(300).describe('Words to look for, e.g. "breaker runbook" or "idempotency key".'),
        limit: limitArg(25, 10, 'pages'),
      }).strict(),
      run: async (args, ctx) => {
        const v = worlds.view(ctx.now());
        const words = wordsOf(args.query);
        if (words.length === 0) throw new ToolError('invalid_arguments', 400, 'query: give at least one word of two or more letters or digits', { field: 'query' });
        const ranked = pagesOf(v.world.wiki).flatMap((p) => {
          const [title, labels, body] = [p.title.toLowerCase(), p.labels.join(' ').toLowerCase(), p.body.toLowerCase()];
          const found = words.filter((w) => title.includes(w) || labels.includes(w) || body.includes(w));
          if (found.length === 0) return [];
          const score = found.reduce((s, w) => s + 5 * count(title, w) + 3 * count(labels, w) + count(body, w), 0);
          return [{ p, matched: found.length, score }];
        }).sort((a, b) => b.matched - a.matched || b.score - a.score);
        const page = capped(ranked, args.limit);
        return {
          scenario: v.scenario, query: args.query, total: page.total, truncated: page.truncated,
          pages: page.items.map(({ p, matched }) => ({ id: p.id, title: p.title, space: p.space, updated: v.at(p.updated), matchedWords: `${matched}/${words.length}`, snippet: snippet(p.body, words) })),
        };
      },
    }),
    defineTool({
      name: 'wiki_get_page', family: 'wiki', kind: 'read',
      description: 'One wiki page in full by id or title (runbooks, architecture, partner integrations; "service-catalog" lists every service with owner team, tier, on-call rotation and repo).',
      args: z.object({
        id: z.string().trim().min(1).max(120).optional().describe('Page id from wiki_search, e.g. runbook-storefront-breaker or service-catalog.'),
        title: z.string().trim().min(1).max(200).optional().describe('The page title instead of the id, e.g. "Partner integrations" (any case).'),
      }).strict().superRefine((a, ctx) => {
        if ((a.id === undefined) === (a.title === undefined)) ctx.addIssue({ code: 'custom', path: ['id'], message: 'give exactly one of id (e.g. service-catalog) or title' });
      }),
      run: async (args, ctx) => {
        const v = worlds.view(ctx.now());
        const pages = pagesOf(v.world.wiki);
        const page = args.id !== undefined
          ? pages.find((p) => p.id === args.id?.toLowerCase())
          : pages.find((p) => p.title.toLowerCase() === args.title?.toLowerCase());
        if (!page) {
          throw args.id !== undefined
            ? unknownName('id', 'wiki page', args.id, pages.map((p) => p.id))
            : unknownName('title', 'wiki page', args.title ?? '', pages.map((p) => p.title));
        }
        const catalog = page.id === v.world.wiki.catalog.id ? { services: v.world.wiki.catalog.services } : {};
        return { scenario: v.scenario, page: { ...page, updated: v.at(page.updated), ...catalog } };
      },
    }),
  ];
}
