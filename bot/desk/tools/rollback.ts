import { z } from 'zod';
import { checkDeployText } from '../../../services/kit/config.js';
import { deployService } from '../../../lab/shop-repo/deploy.js';
import { deployedDir } from '../../../lab/shop-repo/deployed.js';
import { git } from '../../../lab/shop-repo/git.js';
import { openShopRepo, type CommitInfo } from '../../../lab/shop-repo/repo.js';
import { createRunStore, type DeployRun } from '../../../lab/shop-repo/runs.js';
import { deploySchemas } from '../../../lab/shop-repo/schemas.js';
import { ToolError } from '../registry/errors.js';
import { defineTool, type Tool } from '../registry/tool.js';
import type { DeskSources } from '../sources.js';
import { actorOf } from './actor.js';
import { asToolError, commitOf, inShop, serviceArg, shopService } from './shop.js';

/** The line that marks a rollback commit, so a second call can tell it from a coworker's change. */
const TRAILER = /^This reverts the config change of ([0-9a-f]{40})\.$/m;

const brief = (c: CommitInfo | undefined) => c && { sha: c.sha, short: c.short, author: c.author, date: c.date, subject: c.subject };
const shipped = (run: DeployRun) => ({ run: run.id, status: run.status, version: run.version, pod: run.pod ?? null });

/** deploy_*: undoing a bad config change the way the team would — a revert commit, then a deploy. */
export function createRollbackTools(sources: DeskSources): Tool[] {
  const deploy = (service: string, actor: string) => deployService({
    service, actor, repo: () => openShopRepo(sources.stateDir), runtime: sources.runtime,
    runs: createRunStore(sources.stateDir), deployed: deployedDir(sources.stateDir),
  });
  return [
    defineTool({
      name: 'deploy_rollback', family: 'deploy', kind: 'remediation',
      args: z.object({
        service: serviceArg.describe('The shop service whose last config change to revert and redeploy (storefront, orders, fulfillment, partners, seating).'),
        reason: z.string().max(500).optional().describe('Why, for the revert commit the team will read.'),
      }).strict(),
      description: 'Revert a shop service\'s last config change (config/<service>.yaml) with a commit as you, and deploy it; returns the reverted commit, the new one and the deploy run.',
      run: (args, ctx) => inShop(sources, async (repo) => {
        const service = shopService(args.service);
        const path = `config/${service}.yaml`;
        const actor = actorOf(ctx.caller);
        const [last] = repo.log({ path, limit: 1 });
        if (!last) throw new ToolError('nothing_to_revert', 409, `${path} has no commits in the shop repository`, { field: 'service' });

        // Reverting a rollback would re-apply the very change it undid: finish it instead (deploy it if its deploy never went out).
        const undone = TRAILER.exec(git(repo.dir, ['log', '-1', '--format=%B', last.sha]))?.[1];
        if (undone !== undefined) {
          const release = deployedDir(sources.stateDir).releases()[service];
          const base = { service, reverted: brief(commitOf(repo, undone)), commit: brief(last) };
          if (release && commitOf(repo, release.commit) && repo.show(path, release.commit) === repo.show(path)) {
            return { ...base, rolledBack: false, message: `${path}'s last change is already a rollback (${last.short} by ${last.author}) and it is deployed; nothing done` };
          }
          return { ...base, rolledBack: true, ...shipped(await deploy(service, actor.handle)), note: `the rollback ${last.short} was committed but not deployed; deployed it now` };
        }

        const prior = repo.show(path, `${last.sha}~1`);
        if (prior === undefined) throw new ToolError('nothing_to_revert', 409, `${last.short} "${last.subject}" created ${path}; there is no earlier config to go back to`, { field: 'service' });
        const checked = checkDeployText(deploySchemas[service], prior, `${path} before ${last.short}`);
        if (checked.problems.length > 0) {
          throw new ToolError('invalid_config', 422, `the config before ${last.short} fails ${service}'s schema, so reverting would not deploy; nothing was committed:\n  - ${checked.problems.join('\n  - ')}`);
        }
        const reason = args.reason?.trim();
        const commit = repo.commit({
          author: actor, files: { [path]: prior },
          message: `Revert "${last.subject}"\n\nThis reverts the config change of ${last.sha}.${reason ? `\n\n${reason}` : ''}\n`,
        });
        try {
          return { service, rolledBack: true, reverted: brief(last), commit: brief(commit), ...shipped(await deploy(service, actor.handle)) };
        } catch (err) {
          const e = asToolError(err);
          if (!(e instanceof ToolError)) throw e;
          throw new ToolError(e.code, e.status, `the revert is committed as ${commit.short}, but its deploy did not go out: ${e.message}. Call deploy_rollback again to retry the deploy.`, { cause: err });
        }
      }),
    }),
  ];
}
