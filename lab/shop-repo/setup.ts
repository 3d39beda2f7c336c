import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deployedDir, versionTag, type Release } from './deployed.js';
import { ShopRepoError } from './git.js';
import { pastCommits } from './history.js';
import { ensureShopRepo, shopServices, type CommitInfo, type ShopRepo } from './repo.js';
import { createRunStore, type RunStore } from './runs.js';

export interface PreparedShop {
  repo: ShopRepo;
  /** Config files the processes start with (deployed/<service>.yaml). */
  configFile: (service: string) => string;
  /** The repository's flags.json: a committed flag change is live within seconds. */
  flagsFile: string;
  releases: Record<string, Release>;
}

/** The deploy runs behind the backdated history: each config commit deployed by its author soon after. */
function recordPastDeploys(runs: RunStore, created: readonly CommitInfo[]): void {
  pastCommits.forEach((c, i) => {
    const commit = created[i + 1];
    if (!commit) return;
    const services = [...new Set(c.edits.map((e) => /^config\/(.+)\.yaml$/.exec(e.file)?.[1]).filter((s): s is string => s !== undefined))];
    for (const service of services) {
      const started = new Date(Date.parse(commit.date) + 18 * 60_000);
      const at = (s: number) => new Date(started.getTime() + s * 1000).toISOString();
      const version = versionTag(service, commit.short);
      runs.append({
        id: runs.nextId(), pipeline: 'deploy', service, commit: commit.sha, commitShort: commit.short, author: commit.author,
        subject: commit.subject, triggeredBy: c.author.handle, status: 'succeeded', startedAt: at(0), finishedAt: at(41), version,
        logs: [
          `${at(0)} deploy ${service} at ${commit.short} "${commit.subject}" (${commit.author})`,
          `${at(1)} config/${service}.yaml passes ${service}'s config schema`,
          `${at(2)} rolling ${service} ...`,
          `${at(41)} ${service} is ready; ${service} runs ${version}`,
        ],
      });
    }
  });
}

/**
 * Makes the shop ready for a lab start: the repository (created with its history the
 * first time), the deploy history behind it, and the deployed config of every service
 * (HEAD's, the first time; afterwards whatever was last deployed keeps running).
 */
export function prepareShop(root: string, stateDir: string, now: Date = new Date()): PreparedShop {
  const { repo, created } = ensureShopRepo(root, stateDir, now);
  if (created.length > 0) recordPastDeploys(createRunStore(stateDir), created);
  const deployed = deployedDir(stateDir);
  mkdirSync(deployed.dir, { recursive: true });
  for (const service of shopServices) {
    const file = deployed.configFile(service);
    if (existsSync(file)) continue;
    const text = repo.show(`config/${service}.yaml`);
    if (text === undefined) throw new ShopRepoError('missing_file', `config/${service}.yaml is not in the shop repository at ${repo.head().short}; restore it and commit`);
    writeFileSync(file, text);
    const last = repo.log({ path: `config/${service}.yaml`, limit: 1 })[0] ?? repo.head();
    deployed.setRelease(service, { commit: last.sha, version: versionTag(service, last.short), deployedAt: now.toISOString() });
  }
  return { repo, configFile: deployed.configFile, flagsFile: join(repo.dir, 'flags.json'), releases: deployed.releases() };
}
