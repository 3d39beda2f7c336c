import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { envPrefix } from '../../services/kit/config.js';
import { deployables, findDeployable } from '../deployables.js';
import { distPath, shopSeed } from '../paths.js';

export interface StartRequest {
  root: string;
  service: string | undefined;
  env: NodeJS.ProcessEnv;
}

export class CliError extends Error {
  readonly code = 'cli_usage';
}

/** The child's environment: the caller's, plus the shop seed's config and flags where unset. */
export function serviceEnv(root: string, service: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const prefix = envPrefix(service);
  const seed = shopSeed(root);
  const out: NodeJS.ProcessEnv = { ...env };
  if (!out[`${prefix}_CONFIG_FILE`] && existsSync(seed.config(service))) out[`${prefix}_CONFIG_FILE`] = seed.config(service);
  if (!out[`${prefix}_FLAGS_FILE`]) out[`${prefix}_FLAGS_FILE`] = seed.flags;
  return out;
}

/** Resolves `start <service>` to the command to run; throws CliError with the fix. */
export function resolveStart(req: StartRequest): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
  const names = deployables.map((d) => d.name).join(', ');
  if (!req.service) throw new CliError(`start: which service? one of ${names}`);
  const deployable = findDeployable(req.service);
  if (!deployable) throw new CliError(`start: unknown service "${req.service}"; one of ${names}`);
  const entry = distPath(req.root, deployable.entry);
  if (!existsSync(entry)) throw new CliError(`start: ${entry} is missing; run \`make build\` first`);
  return { command: process.execPath, args: [entry], env: serviceEnv(req.root, deployable.name, req.env) };
}

/** Runs the child in the foreground, forwarding stop signals; resolves with its exit code. */
export function runForeground(proc: NodeJS.Process, cmd: { command: string; args: string[]; env: NodeJS.ProcessEnv }): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd.command, cmd.args, { env: cmd.env, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    proc.on('SIGINT', onInt);
    proc.on('SIGTERM', onTerm);
    child.on('exit', (code, signal) => {
      proc.off('SIGINT', onInt);
      proc.off('SIGTERM', onTerm);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}
