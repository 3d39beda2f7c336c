import { execFileSync } from 'node:child_process';

/** Someone who commits to the shop repository or runs a deploy. */
export interface Person {
  /** The handle coworkers know them by (dan, kevin, ...). */
  handle: string;
  name: string;
  email: string;
}

/**
 * Everything that can go wrong with the shop repository or a deploy from it, with a code
 * the CLI and the desk can act on and a message that names the fix.
 */
export class ShopRepoError extends Error {
  readonly code: 'corrupt_repo' | 'unknown_service' | 'invalid_config' | 'missing_file' | 'deploy_failed' | 'no_lab' | 'git_failed';
  readonly problems: readonly string[];

  constructor(code: ShopRepoError['code'], message: string, problems: readonly string[] = []) {
    super(message);
    this.name = 'ShopRepoError';
    this.code = code;
    this.problems = problems;
  }
}

export interface GitOptions {
  /** Who authors and commits; dates backdate both, as `git commit --date` alone would not. */
  as?: Person;
  date?: Date;
  input?: string;
}

/**
 * Runs git in the shop repository. The user's own git config (signing, hooks, templates)
 * is kept out: the lab's repository must behave the same on every machine.
 */
export function git(dir: string, args: readonly string[], opts: GitOptions = {}): string {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
  };
  if (opts.as) {
    env.GIT_AUTHOR_NAME = opts.as.name;
    env.GIT_AUTHOR_EMAIL = opts.as.email;
    env.GIT_COMMITTER_NAME = opts.as.name;
    env.GIT_COMMITTER_EMAIL = opts.as.email;
  }
  if (opts.date) {
    env.GIT_AUTHOR_DATE = opts.date.toISOString();
    env.GIT_COMMITTER_DATE = opts.date.toISOString();
  }
  try {
    return execFileSync('git', ['-C', dir, ...args], { env, encoding: 'utf8', input: opts.input ?? '', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string; status?: number };
    if (e.code === 'ENOENT') throw new ShopRepoError('git_failed', 'git is not installed: install it (apt-get install git) and start the lab again');
    const stderr = (e.stderr ?? '').trim().split('\n').slice(0, 3).join('; ');
    throw new ShopRepoError('git_failed', `git ${args.join(' ')} failed (exit ${e.status ?? '?'}): ${stderr}`);
  }
}
