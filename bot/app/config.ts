import { join } from 'node:path';
import { z } from 'zod';
import { commonEnv, envVar, type Env } from '../../services/kit/config.js';
import { AppError } from '../../services/kit/errors.js';
import type { CommonSettings } from '../../services/kit/service-base.js';
import { loadServiceConfig } from '../../services/kit/service-config.js';

/** The bot has no deploy-file settings; the empty schema still rejects a stray key. */
export const botDeploySchema = z.object({}).strict();

export const coachModes = ['off', 'warn', 'enforce'] as const;
export type CoachMode = (typeof coachModes)[number];

/** `BOT_*`: where the bot finds the lab. */
export const botEnvSchema = z.object({
  ...commonEnv(8092),
  STATE_DIR: envVar.path().describe('the lab state dir (.firedrill): the bot keeps what it has prepared for a game in <dir>/bot'),
  MODE: z.enum(['socket', 'http'], { error: 'expected socket (Socket Mode, the default) or http (Slack posts events to this port)' }).default('socket'),
  DESK_URL: envVar.url().default('http://127.0.0.1:8090'),
  PARTNERS_URL: envVar.url().default('http://127.0.0.1:8083'),
  WORKSPACE_CREDENTIALS: envVar.path().optional().describe('the local workspace credentials.json, used when SLACK_BOT_TOKEN is not set'),
  COACH_MODE: z.enum(coachModes, { error: 'expected off, warn or enforce' }).default('warn'),
  /** How often the bot looks for a new game, the page and overdue status updates. */
  POLL_MS: envVar.int(2000, 100),
  CHANNEL_PREFIX: z.string().regex(/^([a-z0-9][a-z0-9_-]{0,19})?$/, 'expected a Slack channel name prefix such as team1- (lowercase letters, digits, - and _)').default('')
    .describe('prepended to every channel the bot plays in, so teams sharing one real workspace stay apart (make lab-up TEAMS=3)'),
  /** Optional OpenAI-compatible endpoint for wording only (facts and verdicts stay the engine's). */
  LLM_URL: envVar.url().optional(),
  LLM_MODEL: envVar.text('gpt-4o-mini'),
}).strict();

/** Slack's own variable names, as Slack's docs and `firedrill slack doctor` use them. */
export const slackEnvSchema = z.object({
  SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'expected the Bot User OAuth Token (xoxb-...)').optional(),
  SLACK_APP_TOKEN: z.string().regex(/^xapp-/, 'expected an app-level token (xapp-...) with connections:write').optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_API_URL: envVar.url().optional(),
  LLM_API_KEY: z.string().optional(),
});

/** How the bot reaches Slack: a real workspace (tokens from env) or the lab's local one (its credentials file). */
export type SlackTarget =
  | { kind: 'real'; botToken: string; appToken: string | undefined; signingSecret: string | undefined; apiUrl: string | undefined }
  | { kind: 'local'; credentialsFile: string };

export interface BotConfig {
  settings: CommonSettings;
  stateDir: string;
  mode: 'socket' | 'http';
  deskUrl: string;
  partnersUrl: string;
  slack: SlackTarget;
  coachMode: CoachMode;
  pollMs: number;
  channelPrefix: string;
  llm: { url: string; model: string; apiKey: string | undefined } | undefined;
}

export function loadBotConfig(env: Env): BotConfig {
  const loaded = loadServiceConfig('bot', botEnvSchema, botDeploySchema, env);
  const e = loaded.env;
  const parsed = slackEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
    throw new AppError('invalid_config', 500, `bot: bad Slack settings: ${problems.join('; ')}`);
  }
  const s = parsed.data;
  const mode = e.MODE;
  let slack: SlackTarget;
  if (s.SLACK_BOT_TOKEN) {
    if (mode === 'socket' && !s.SLACK_APP_TOKEN) throw new AppError('invalid_config', 500, 'bot: SLACK_APP_TOKEN is not set; Socket Mode needs an app-level token (xapp-, scope connections:write), or run in HTTP mode with BOT_MODE=http and SLACK_SIGNING_SECRET');
    if (mode === 'http' && !s.SLACK_SIGNING_SECRET) throw new AppError('invalid_config', 500, 'bot: SLACK_SIGNING_SECRET is not set; HTTP mode verifies every request with it (Basic Information → App Credentials)');
    slack = { kind: 'real', botToken: s.SLACK_BOT_TOKEN, appToken: s.SLACK_APP_TOKEN, signingSecret: s.SLACK_SIGNING_SECRET, apiUrl: s.SLACK_API_URL };
  } else {
    slack = { kind: 'local', credentialsFile: e.WORKSPACE_CREDENTIALS ?? join(e.STATE_DIR, 'workspace', 'credentials.json') };
  }
  return Object.freeze({
    settings: loaded.settings,
    stateDir: e.STATE_DIR,
    mode,
    deskUrl: e.DESK_URL.replace(/\/+$/, ''),
    partnersUrl: e.PARTNERS_URL.replace(/\/+$/, ''),
    slack,
    coachMode: e.COACH_MODE,
    pollMs: e.POLL_MS,
    channelPrefix: e.CHANNEL_PREFIX,
    llm: e.LLM_URL ? { url: e.LLM_URL.replace(/\/+$/, ''), model: e.LLM_MODEL, apiKey: s.LLM_API_KEY } : undefined,
  });
}
