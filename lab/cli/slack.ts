import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runDoctor, type Check } from '../../bot/app/doctor.js';
import { manifestBotScopes } from '../../bot/app/manifest.js';
import type { WorkspaceCredentials } from '../../bot/workspace/credentials.js';
import { CliError } from './start.js';

export interface SlackArgs {
  stateDir: string;
  mode: 'socket' | 'http';
  channel: string;
}

export function parseSlackArgs(defaultStateDir: string, argv: readonly string[]): SlackArgs {
  const args: SlackArgs = { stateDir: defaultStateDir, mode: 'socket', channel: 'incidents' };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--state-dir' && value) args.stateDir = resolve(value);
    else if (flag === '--mode' && (value === 'socket' || value === 'http')) args.mode = value;
    else if (flag === '--channel' && value) args.channel = value.replace(/^#/, '');
    else throw new CliError(`slack doctor: unexpected argument "${flag ?? ''}"${flag === '--mode' ? ' (expected socket or http)' : ''}; run \`npx firedrill help slack\``);
  }
  return args;
}

/**
 * `firedrill slack doctor`: checks the Slack the bot will use. With SLACK_BOT_TOKEN set it
 * is that workspace (SLACK_API_URL to point elsewhere than Slack); otherwise the lab's
 * local workspace, from its credentials file.
 */
export async function slackDoctor(proc: NodeJS.Process, root: string, args: SlackArgs): Promise<number> {
  const env = proc.env;
  let input: Parameters<typeof runDoctor>[0];
  const common = { mode: args.mode, channel: args.channel, requiredScopes: manifestBotScopes(root) };
  if (env.SLACK_BOT_TOKEN) {
    input = { ...common, apiUrl: env.SLACK_API_URL || undefined, botToken: env.SLACK_BOT_TOKEN, appToken: env.SLACK_APP_TOKEN, signingSecret: env.SLACK_SIGNING_SECRET };
    proc.stdout.write(`checking the Slack workspace of SLACK_BOT_TOKEN${env.SLACK_API_URL ? ` at ${env.SLACK_API_URL}` : ''} (${args.mode} mode)\n`);
  } else {
    const file = join(args.stateDir, 'workspace', 'credentials.json');
    if (!existsSync(file)) throw new CliError(`no Slack configured: set SLACK_BOT_TOKEN (and SLACK_APP_TOKEN) for a real workspace, or start the lab (\`make lab\`) for the local one (${file} not found)`);
    const creds = JSON.parse(readFileSync(file, 'utf8')) as WorkspaceCredentials;
    input = { ...common, apiUrl: creds.apiUrl, botToken: creds.botToken, appToken: creds.appToken, signingSecret: creds.signingSecret };
    proc.stdout.write(`checking the lab's local workspace at ${creds.apiUrl} (${args.mode} mode)\n`);
  }
  const checks: Check[] = await runDoctor(input);
  for (const c of checks) proc.stdout.write(`  ${c.ok ? 'ok  ' : 'FAIL'}  ${c.name}: ${c.detail}${c.fix ? `\n        fix: ${c.fix}` : ''}\n`);
  const failed = checks.filter((c) => !c.ok).length;
  proc.stdout.write(failed === 0 ? 'all checks passed\n' : `${failed} check(s) failed\n`);
  return failed === 0 ? 0 : 1;
}
