import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { controlRuntime } from '../runtime/local/control.js';
import { RuntimeError } from '../runtime/runtime.js';
import { deployService } from '../shop-repo/deploy.js';
import { deployedDir } from '../shop-repo/deployed.js';
import { ShopRepoError } from '../shop-repo/git.js';
import { isShopService, openShopRepo, shopServices } from '../shop-repo/repo.js';
import { createRunStore, type DeployRun } from '../shop-repo/runs.js';
import { alive, readState } from './lab.js';
import { CliError } from './start.js';

export interface DeployArgs {
  service: string | undefined;
  stateDir: string;
  actor: string;
}

/** The person at this terminal, as deploys and desk calls record them. */
export function who(): string {
  try {
    return userInfo().username;
  } catch {
    return 'someone';
  }
}

/** `deploy <service> [--state-dir DIR] [--as NAME]`. */
export function parseDeployArgs(defaultStateDir: string, argv: readonly string[]): DeployArgs {
  const args: DeployArgs = { service: undefined, stateDir: defaultStateDir, actor: process.env.FIREDRILL_ACTOR ?? who() };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i] ?? '';
    const value = argv[i + 1];
    if (flag === '--state-dir' && value) args.stateDir = resolve(value);
    else if (flag === '--as' && value) args.actor = value;
    else if (!flag.startsWith('-') && args.service === undefined) {
      args.service = flag;
      continue;
    } else throw new CliError(`deploy: unexpected argument "${flag}"; run \`npx firedrill deploy --help\``);
    i += 1;
  }
  return args;
}

/** `firedrill deploy <service>`: ships the shop repository's HEAD config for one service to the running lab. */
export async function runDeploy(proc: NodeJS.Process, args: DeployArgs): Promise<number> {
  if (!args.service) throw new CliError(`deploy: which service? one of ${shopServices.join(', ')}`);
  if (!isShopService(args.service)) throw new CliError(`deploy: "${args.service}" is not a shop service; deploy one of ${shopServices.join(', ')}`);
  const state = readState(args.stateDir);
  try {
    // Checked before the lab is: an unknown name or a broken repository is the same error with or without a lab.
    const repo = openShopRepo(args.stateDir);
    if (!state || !alive(state.pid)) throw new CliError(`no lab is running in ${args.stateDir}; start it with \`make lab\` and deploy again`);
    const run = await deployService({
      service: args.service, actor: args.actor, repo: () => repo, runtime: controlRuntime(state.socket),
      runs: createRunStore(args.stateDir), deployed: deployedDir(args.stateDir), progress: (line) => proc.stdout.write(`${line}\n`),
    });
    proc.stdout.write(`deployed: ${run.service} runs ${run.version} (${run.id})\n`);
    return 0;
  } catch (err) {
    if (err instanceof ShopRepoError || err instanceof RuntimeError) throw new CliError(`deploy ${args.service}: ${err.message}`);
    throw err;
  }
}

/** `firedrill deploys [service]`: the deploy run history, newest first. */
export function listDeploys(proc: NodeJS.Process, stateDir: string, service: string | undefined): number {
  const runs: DeployRun[] = createRunStore(stateDir).list().filter((r) => !service || r.service === service).reverse();
  if (runs.length === 0) {
    proc.stdout.write('no deploys recorded yet (the lab records them under .firedrill/ci/ once it has started)\n');
    return 0;
  }
  for (const r of runs) {
    proc.stdout.write(`${r.id}  ${r.startedAt.slice(0, 16).replace('T', ' ')}  ${r.status.padEnd(9)}  ${r.service.padEnd(11)}  ${r.commitShort}  ${r.triggeredBy.padEnd(8)}  ${r.subject}\n`);
  }
  return 0;
}
