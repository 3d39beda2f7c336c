import { z } from 'zod';
import { RuntimeError } from '../../../lab/runtime/runtime.js';
import { git, ShopRepoError } from '../../../lab/shop-repo/git.js';
import { isShopService, openShopRepo, shopServices, type CommitInfo, type ShopRepo, type ShopService } from '../../../lab/shop-repo/repo.js';
import { ToolError, unknownObject } from '../registry/errors.js';
import type { DeskSources } from '../sources.js';
import { runtimeToolError } from './runtime-errors.js';

/**
 * The shop repository as the desk's repository-backed families (git, featureflags, ci,
 * registry, deploy) see it: one way to open it, name a service, and report its failures.
 */

/** A plain string, not an enum: an unknown service then comes back with the valid ones and a did-you-mean. */
export const serviceArg = z.string().min(1).describe(`A shop service: ${shopServices.join(', ')}.`);

export function shopService(value: string): ShopService {
  if (isShopService(value)) return value;
  throw unknownName('service', 'service', value, shopServices);
}

function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

/** The valid name an agent most likely meant: same letters in another case, a fragment, or a typo away. */
export function closest(value: string, valid: readonly string[]): string | undefined {
  const v = value.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of valid) {
    const c = candidate.toLowerCase();
    const score = c === v ? 0 : v.length >= 3 && (c.includes(v) || v.includes(c)) ? 1 : distance(v, c);
    if (score < bestScore) [best, bestScore] = [candidate, score];
  }
  return bestScore <= Math.max(2, Math.floor(v.length / 3)) ? best : undefined;
}

/** `unknownObject` with a did-you-mean when one valid name is close. */
export function unknownName(field: string, what: string, value: string, valid: readonly string[]): ToolError {
  const err = unknownObject(field, what, value, valid);
  const near = closest(value, valid);
  if (near === undefined) return err;
  return new ToolError(err.code, err.status, `${err.message}. Did you mean "${near}"?`, { field, valid });
}

const statusOf: Record<ShopRepoError['code'], number> = {
  corrupt_repo: 503, unknown_service: 404, invalid_config: 422, missing_file: 409, deploy_failed: 502, no_lab: 503, git_failed: 500,
};

/** `no_lab` reads as runtime-errors.ts names it, so a lab that is down reads alike everywhere. */
const codeOf = (code: string) => (code === 'no_lab' ? 'lab_unavailable' : code);

/** The shop's and the runtime's own errors in the desk's one error model; anything else passes through. */
export function asToolError(err: unknown): unknown {
  if (err instanceof ShopRepoError) {
    const about = err.code === 'unknown_service' ? { field: 'service', valid: shopServices } : {};
    return new ToolError(codeOf(err.code), statusOf[err.code], err.message, { cause: err, ...about });
  }
  if (err instanceof RuntimeError) return runtimeToolError(err);
  return err;
}

/** Runs `fn` against a freshly opened shop repository, so every call sees what git sees now. */
export async function inShop<T>(sources: DeskSources, fn: (repo: ShopRepo) => T | Promise<T>): Promise<T> {
  try {
    return await fn(openShopRepo(sources.stateDir));
  } catch (err) {
    throw asToolError(err);
  }
}

/** One commit's header, or undefined when the repository does not have it (recreated since, say). */
export function commitOf(repo: ShopRepo, rev: string): CommitInfo | undefined {
  try {
    const [sha = '', short = '', author = '', email = '', date = '', subject = ''] = git(repo.dir, ['log', '-1', '--format=%H%x1f%h%x1f%an%x1f%ae%x1f%aI%x1f%s', rev, '--']).trim().split('\x1f');
    return sha === '' ? undefined : { sha, short, author, email, date, subject };
  } catch {
    return undefined;
  }
}
