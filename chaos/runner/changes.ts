import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { Runtime } from '../../lab/runtime/runtime.js';
import { deployService } from '../../lab/shop-repo/deploy.js';
import type { DeployedDir } from '../../lab/shop-repo/deployed.js';
import type { Person } from '../../lab/shop-repo/git.js';
import type { ShopRepo } from '../../lab/shop-repo/repo.js';
import type { RunStore } from '../../lab/shop-repo/runs.js';
import type { ChangeTarget } from './journal.js';

/** What the runner changes the lab through: the same repository, deploys, runtime and Alertmanager a team has. */
export interface ChaosDeps {
  repo: () => ShopRepo;
  runtime: Runtime;
  runs: RunStore;
  deployed: DeployedDir;
  alertmanagerUrl: string;
  /** The traffic driver's config file the lab started it with. */
  trafficConfigFile: string;
  now: () => Date;
}

/** Who commits the undo of a game day's changes: the lab, not a coworker. */
export const labPerson: Person = { handle: 'firedrill', name: 'firedrill lab', email: 'lab@firedrill.local' };

/** Sets dotted paths in YAML text, keeping its comments and layout, so the commit's diff is only those lines. */
export function setYaml(text: string, set: Record<string, unknown>): string {
  const doc = parseDocument(text);
  for (const [path, value] of Object.entries(set)) doc.setIn(path.split('.'), value);
  return String(doc);
}

/** Makes `flag`'s default variant `variant` in flagd JSON text, touching only that line. */
export function setFlagVariant(text: string, flag: string, variant: string): string {
  const pattern = new RegExp(`("${flag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:\\s*\\{[\\s\\S]*?"defaultVariant"\\s*:\\s*)"[^"]*"`);
  if (!pattern.test(text)) throw new Error(`flags.json has no flag ${flag} with a defaultVariant`);
  const out = text.replace(pattern, `$1"${variant}"`);
  const parsed = JSON.parse(out) as { flags: Record<string, { defaultVariant: string }> };
  if (parsed.flags[flag]?.defaultVariant !== variant) throw new Error(`could not set ${flag} to ${variant}`);
  return out;
}

export function flagVariant(text: string, flag: string): string {
  return (JSON.parse(text) as { flags: Record<string, { defaultVariant?: string }> }).flags[flag]?.defaultVariant ?? '';
}

async function ensureDeployed(deps: ChaosDeps, service: string, text: string, actor: string): Promise<void> {
  if (readFileSync(deps.deployed.configFile(service), 'utf8') === text) return;
  await deployService({ service, actor, repo: deps.repo, runtime: deps.runtime, runs: deps.runs, deployed: deps.deployed });
}

/** Commits `applied` as `as` and deploys it, as the coworker would have. */
export async function applyConfig(deps: ChaosDeps, target: Extract<ChangeTarget, { kind: 'config' }>, as: Person, message: string): Promise<string> {
  const commit = deps.repo().commit({ author: as, message, files: { [target.path]: target.applied } });
  await deployService({ service: target.service, actor: as.handle, repo: deps.repo, runtime: deps.runtime, runs: deps.runs, deployed: deps.deployed });
  return commit.sha;
}

export function commitFlag(deps: ChaosDeps, text: string, as: Person, message: string): string {
  return deps.repo().commit({ author: as, message, files: { 'flags.json': text } }).sha;
}

export async function applyLoad(deps: ChaosDeps, applied: string): Promise<void> {
  await deps.runtime.deploy('traffic', { file: 'traffic.yaml', content: applied });
}

export async function postAlert(deps: ChaosDeps, target: Extract<ChangeTarget, { kind: 'alert' }>, endsAt: string): Promise<void> {
  const res = await fetch(`${deps.alertmanagerUrl}/api/v2/alerts`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify([{ labels: target.labels, annotations: target.annotations, startsAt: target.startsAt, endsAt }]),
  });
  if (!res.ok) throw new Error(`Alertmanager answered ${res.status}: ${await res.text()}`);
}

/**
 * Undoes one change by restoring what it replaced — by content, not by reverting a commit,
 * so it is safe to run twice, after a crash, and after the investigator already fixed it
 * (then there is nothing left to do). Returns what it did.
 */
export async function revertChange(deps: ChaosDeps, target: ChangeTarget): Promise<string> {
  switch (target.kind) {
    case 'config': {
      const repo = deps.repo();
      const current = repo.show(target.path) ?? '';
      let did = 'config already as before';
      if (current !== target.prior) {
        repo.commit({ author: labPerson, message: `Restore ${target.path} after the game day`, files: { [target.path]: target.prior } });
        did = `restored ${target.path}`;
      }
      await ensureDeployed(deps, target.service, target.prior, labPerson.handle);
      return did;
    }
    case 'flag': {
      const repo = deps.repo();
      const current = repo.show('flags.json') ?? '';
      if (flagVariant(current, target.flag) === target.prior) return `${target.flag} already ${target.prior}`;
      repo.commit({ author: labPerson, message: `Restore ${target.flag} to ${target.prior} after the game day`, files: { 'flags.json': setFlagVariant(current, target.flag, target.prior) } });
      return `restored ${target.flag} to ${target.prior}`;
    }
    case 'load': {
      if (readFileSync(target.file, 'utf8') === target.prior) return 'load already as before';
      await deps.runtime.deploy('traffic', { file: 'traffic.yaml', content: target.prior });
      return 'restored the traffic driver\'s load';
    }
    case 'alert': {
      await postAlert(deps, target, deps.now().toISOString());
      return `resolved ${target.labels.alertname ?? 'the alert'}`;
    }
  }
}
