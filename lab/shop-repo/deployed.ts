import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What runs now, per service: the commit its config came from and its version tag. */
export interface Release {
  commit: string;
  version: string;
  deployedAt: string;
  run?: string;
}

/**
 * The deployed side of the shop, like a cluster's ConfigMaps: `deployed/<service>.yaml` is
 * the config the running process was started with (the repository's working tree may be
 * ahead of it until someone deploys), and `releases.json` what each service runs.
 */
export function deployedDir(stateDir: string) {
  const dir = join(stateDir, 'deployed');
  const releasesFile = join(dir, 'releases.json');
  const read = (): Record<string, Release> => {
    if (!existsSync(releasesFile)) return {};
    try {
      return JSON.parse(readFileSync(releasesFile, 'utf8')) as Record<string, Release>;
    } catch {
      return {};
    }
  };
  return {
    dir,
    configFile: (service: string) => join(dir, `${service}.yaml`),
    releases: read,
    setRelease(service: string, release: Release): void {
      mkdirSync(dir, { recursive: true });
      const tmp = `${releasesFile}.tmp`;
      writeFileSync(tmp, JSON.stringify({ ...read(), [service]: release }, null, 2));
      renameSync(tmp, releasesFile);
    },
  };
}

export type DeployedDir = ReturnType<typeof deployedDir>;

/** The image-style tag a deploy of `commit` runs as. */
export const versionTag = (service: string, commitShort: string) => `firedrill/${service}:${commitShort}`;
