import { checkDeployText } from '../../services/kit/config.js';
import type { Runtime } from '../runtime/runtime.js';
import { versionTag, type DeployedDir } from './deployed.js';
import { ShopRepoError } from './git.js';
import { isShopService, shopServices, type ShopRepo } from './repo.js';
import type { DeployRun, RunStore } from './runs.js';
import { deploySchemas } from './schemas.js';

export interface DeployRequest {
  service: string;
  /** Who runs the deploy (a person's handle, `chaos`, `desk`). */
  actor: string;
  repo: () => ShopRepo;
  runtime: Runtime;
  runs: RunStore;
  deployed: DeployedDir;
  progress?: (line: string) => void;
  now?: () => Date;
}

/**
 * Ships `config/<service>.yaml` at the shop repository's HEAD to the running service: checks
 * it against the service's own schema first (a bad config is rejected and nothing
 * restarts), then rolls the service through the Runtime and records the run.
 */
export async function deployService(req: DeployRequest): Promise<DeployRun> {
  const now = req.now ?? (() => new Date());
  const say = req.progress ?? (() => undefined);
  if (!isShopService(req.service)) {
    throw new ShopRepoError('unknown_service', `"${req.service}" is not a shop service; deploy one of ${shopServices.join(', ')}`);
  }
  const service = req.service;
  const repo = req.repo();
  const head = repo.head();
  const path = `config/${service}.yaml`;
  const text = repo.show(path);
  if (text === undefined) throw new ShopRepoError('missing_file', `${path} is not in the shop repository at ${head.short}; restore it with \`git -C ${repo.dir} checkout ${head.short}~1 -- ${path}\` and commit`);

  const startedAt = now().toISOString();
  const logs: string[] = [];
  const log = (line: string) => {
    logs.push(`${now().toISOString()} ${line}`);
    say(line);
  };
  const base = {
    id: req.runs.nextId(), pipeline: 'deploy' as const, service, commit: head.sha, commitShort: head.short, author: head.author,
    subject: head.subject, triggeredBy: req.actor, startedAt, version: versionTag(service, head.short),
  };
  log(`deploy ${service} at ${head.short} "${head.subject}" (${head.author}) as ${base.id}`);
  if (repo.changed(path)) log(`note: ${path} has uncommitted changes in the working tree; deploying the committed HEAD`);

  const checked = checkDeployText(deploySchemas[service], text, path);
  if (checked.problems.length > 0) {
    for (const p of checked.problems) log(`invalid: ${p}`);
    log(`rejected: ${service} keeps running its current version`);
    req.runs.append({ ...base, status: 'rejected', finishedAt: now().toISOString(), logs });
    throw new ShopRepoError('invalid_config', `${path} at ${head.short} fails ${service}'s config schema; nothing was restarted:\n  - ${checked.problems.join('\n  - ')}\nFix it with a new commit (or \`git revert ${head.short}\`) and deploy again.`, checked.problems);
  }
  log(`${path} passes ${service}'s config schema`);

  try {
    log(`rolling ${service} ...`);
    const pod = await req.runtime.deploy(service, { file: path, content: text, release: base.version });
    log(`${pod.name} is ready (pid ${pod.pid ?? '?'}); ${service} runs ${base.version}`);
    req.deployed.setRelease(service, { commit: head.sha, version: base.version, deployedAt: now().toISOString(), run: base.id });
    return req.runs.append({ ...base, status: 'succeeded', finishedAt: now().toISOString(), pod: pod.name, logs });
  } catch (err) {
    log(`failed: ${(err as Error).message}`);
    req.runs.append({ ...base, status: 'failed', finishedAt: now().toISOString(), logs });
    throw new ShopRepoError('deploy_failed', `deploying ${service} at ${head.short} failed: ${(err as Error).message}`);
  }
}
