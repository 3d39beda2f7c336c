import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { setFlagVariant } from '../../../chaos/runner/changes.js';
import { git } from '../../../lab/shop-repo/git.js';
import type { ShopRepo } from '../../../lab/shop-repo/repo.js';
import { ToolError } from '../registry/errors.js';
import { defineTool, type Tool } from '../registry/tool.js';
import type { DeskSources } from '../sources.js';
import { actorOf } from './actor.js';
import { inShop, unknownName } from './shop.js';

const FLAGS = 'flags.json';
/** How far back a flag's history is read; older changes are outside any incident. */
const HISTORY_COMMITS = 200;

const flagSchema = z.object({ state: z.string(), variants: z.record(z.string(), z.unknown()), defaultVariant: z.string() }).loose();
const flagsSchema = z.object({ flags: z.record(z.string(), flagSchema) });
type Flags = z.output<typeof flagsSchema>['flags'];

interface FlagChange {
  commit: string;
  author: string;
  date: string;
  subject: string;
  change: 'added' | 'removed' | 'variant' | 'definition';
  from?: string;
  to?: string;
}

function parseFlags(text: string): Flags {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ToolError('invalid_flags_file', 500, `${FLAGS} in the shop repository is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const parsed = flagsSchema.safeParse(data);
  if (!parsed.success) throw new ToolError('invalid_flags_file', 500, `${FLAGS} in the shop repository is not flagd JSON: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data.flags;
}

/** flags.json at a revision; a revision without it, or with a broken one, counts as no flags. */
function flagsAt(repo: ShopRepo, rev: string): Flags {
  try {
    return parseFlags(git(repo.dir, ['show', `${rev}:${FLAGS}`]));
  } catch {
    return {};
  }
}

function readWorkingFlags(repo: ShopRepo): string {
  try {
    return readFileSync(join(repo.dir, FLAGS), 'utf8');
  } catch (err) {
    throw new ToolError('missing_file', 409, `${FLAGS} is missing from the shop repository's working tree; restore it with \`git -C ${repo.dir} checkout HEAD -- ${FLAGS}\``, { cause: err });
  }
}

/** Every flag's changes, newest first: each commit to flags.json compared with the one before it. */
function flagHistory(repo: ShopRepo): Map<string, FlagChange[]> {
  const commits = repo.log({ path: FLAGS, limit: HISTORY_COMMITS }).reverse();
  const history = new Map<string, FlagChange[]>();
  let before = commits[0] ? flagsAt(repo, `${commits[0].sha}~1`) : {};
  for (const c of commits) {
    const after = flagsAt(repo, c.sha);
    for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const [was, now] = [before[name], after[name]];
      if (JSON.stringify(was) === JSON.stringify(now)) continue;
      const change: FlagChange['change'] = !was ? 'added' : !now ? 'removed' : was.defaultVariant !== now.defaultVariant ? 'variant' : 'definition';
      const list = history.get(name) ?? [];
      list.unshift({ commit: c.short, author: c.author, date: c.date, subject: c.subject, change, ...(was ? { from: was.defaultVariant } : {}), ...(now ? { to: now.defaultVariant } : {}) });
      history.set(name, list);
    }
    before = after;
  }
  return history;
}

function flagView(name: string, def: Flags[string], head: Flags) {
  return {
    name, state: def.state, defaultVariant: def.defaultVariant, value: def.variants[def.defaultVariant], variants: def.variants,
    ...(JSON.stringify(head[name]) !== JSON.stringify(def) ? { uncommitted: true } : {}),
  };
}

function findFlag(flags: Flags, name: string): Flags[string] {
  const def = Object.hasOwn(flags, name) ? flags[name] : undefined;
  if (!def) throw unknownName('flag', 'flag', name, Object.keys(flags));
  return def;
}

const flagArg = z.string().min(1).describe('Flag name exactly as featureflags_list shows it, e.g. fulfillmentDispatchPaused.');

/** featureflags_*: the flagd flags in the shop repository's flags.json, which every service re-reads within seconds. */
export function createFeatureflagTools(sources: DeskSources): Tool[] {
  return [
    defineTool({
      name: 'featureflags_list', family: 'featureflags', kind: 'read', args: z.object({}).strict(),
      description: 'Every feature flag in force (the shop\'s flags.json): state, current variant and value, variants, and who last changed it when.',
      run: () => inShop(sources, (repo) => {
        const flags = parseFlags(readWorkingFlags(repo));
        const head = flagsAt(repo, 'HEAD');
        const history = flagHistory(repo);
        return { file: FLAGS, flags: Object.entries(flags).map(([name, def]) => ({ ...flagView(name, def, head), lastChange: history.get(name)?.[0] ?? null })) };
      }),
    }),
    defineTool({
      name: 'featureflags_get', family: 'featureflags', kind: 'read', args: z.object({ flag: flagArg }).strict(),
      description: 'One feature flag in full with its change history from the shop repository (each commit that changed it: from → to variant, author, date, subject).',
      run: (args) => inShop(sources, (repo) => {
        const flags = parseFlags(readWorkingFlags(repo));
        const def = findFlag(flags, args.flag);
        const { state: _s, variants: _v, defaultVariant: _d, ...rest } = def;
        const history = (flagHistory(repo).get(args.flag) ?? []).slice(0, 50);
        return { ...flagView(args.flag, def, flagsAt(repo, 'HEAD')), ...rest, history };
      }),
    }),
    defineTool({
      name: 'featureflags_set', family: 'featureflags', kind: 'remediation',
      args: z.object({
        flag: flagArg,
        variant: z.string().min(1).describe('The variant to serve, one of the flag\'s variants (e.g. "on" or "off").'),
        reason: z.string().max(500).optional().describe('Why, for the commit message the team will read.'),
      }).strict(),
      description: 'Switch a feature flag to another variant: commits flags.json as you; services pick it up within seconds, no deploy.',
      run: (args, ctx) => inShop(sources, (repo) => {
        const text = readWorkingFlags(repo);
        const def = findFlag(parseFlags(text), args.flag);
        if (!Object.hasOwn(def.variants, args.variant)) throw unknownName('variant', 'variant', args.variant, Object.keys(def.variants));
        const base = { flag: args.flag, variant: args.variant, value: def.variants[args.variant] };
        if (def.defaultVariant === args.variant) return { ...base, changed: false, message: `${args.flag} is already ${args.variant}; nothing committed` };
        // The working tree is what the services read, so the change is made to it, not to HEAD.
        const uncommitted = repo.changed(FLAGS);
        const reason = args.reason?.trim();
        const commit = repo.commit({
          author: actorOf(ctx.caller), message: `Set ${args.flag} to ${args.variant}${reason ? `: ${reason}` : ''}`,
          files: { [FLAGS]: setFlagVariant(text, args.flag, args.variant) },
        });
        return {
          ...base, changed: true, from: def.defaultVariant, commit,
          effect: def.state === 'ENABLED' ? 'services re-read flags.json within seconds; no deploy needed' : `the flag's state is ${def.state}, so services ignore its variant until it is ENABLED`,
          ...(uncommitted ? { note: 'flags.json had uncommitted changes in the working tree; they are part of this commit' } : {}),
        };
      }),
    }),
  ];
}
