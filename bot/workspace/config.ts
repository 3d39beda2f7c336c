import { z } from 'zod';
import { commonEnv, envVar, type Env } from '../../services/kit/config.js';
import type { CommonSettings } from '../../services/kit/service-base.js';
import { loadServiceConfig } from '../../services/kit/service-config.js';

/** The scopes firedrill's bot asks for in bot/manifest.yaml; the local workspace grants them. */
export const botScopes = [
  'app_mentions:read', 'channels:history', 'channels:join', 'channels:manage', 'channels:read', 'chat:write', 'chat:write.customize',
  'chat:write.public', 'commands', 'files:read', 'files:write', 'groups:history', 'groups:read', 'im:history', 'im:read', 'im:write',
  'reactions:read', 'reactions:write', 'users:read',
] as const;

/** What a person (or an investigating agent) may do with their user token. */
export const userScopes = [
  'channels:history', 'channels:read', 'channels:write', 'chat:write', 'groups:history', 'im:history', 'im:read', 'im:write',
  'reactions:read', 'reactions:write', 'search:read', 'users:read', 'files:read', 'files:write',
] as const;

const name = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,79}$/, 'expected a lowercase Slack name (letters, digits, . _ -)');

/** `config/workspace.yaml`: the workspace a new lab starts with, and how strict it is. */
export const workspaceDeploySchema = z.object({
  teamName: z.string().min(1).default('firedrill shop').describe('The workspace name shown on the page.'),
  teamDomain: name.default('firedrill-shop'),
  personName: name.default('you').describe('The person at the page: their user token is the page\'s.'),
  agentName: name.default('agent').describe('A user whose token an investigating AI agent may use.'),
  people: z.array(z.object({ name, realName: z.string().min(1) }).strict()).min(1).default([
    { name: 'you', realName: 'You (on call)' },
    { name: 'agent', realName: 'Investigating agent' },
    { name: 'dan', realName: 'Dan Moreno' },
    { name: 'kevin', realName: 'Kevin Walsh' },
    { name: 'alicia', realName: 'Alicia Chen' },
    { name: 'priya', realName: 'Priya Raman' },
  ]),
  channels: z.array(z.object({
    name: name.max(80),
    topic: z.string().optional(),
    purpose: z.string().optional(),
    botMember: z.boolean().default(true).describe('Whether the bot user is in the channel from the start.'),
  }).strict()).min(1).default([
    { name: 'incidents', topic: 'Declare and work incidents here', botMember: true },
    { name: 'general', botMember: true },
    { name: 'orders', topic: 'orders service: pool, batches, API', botMember: true },
    { name: 'fulfillment', topic: 'fulfillment + partner webhooks', botMember: true },
    { name: 'ticketing', topic: 'seating and event tickets', botMember: true },
    { name: 'platform', topic: 'infra, deploys, on-call', botMember: true },
  ]),
  app: z.object({
    name: z.string().min(1).default('firedrill'),
    botName: name.default('firedrill'),
    botScopes: z.array(z.string()).default([...botScopes]),
  }).strict().prefault({}),
  userScopes: z.array(z.string()).default([...userScopes]),
  ackTimeoutMs: z.number().int().min(100).max(60_000).default(3000)
    .describe('How long the workspace waits for an app to ack an envelope before it redelivers it once (Slack: 3 s).'),
  rateLimits: z.object({
    perMinute: z.number().int().min(1).max(100_000).default(600)
      .describe('Calls per minute per token and method before the workspace answers 429 ratelimited.'),
    postMessagePerMinute: z.number().int().min(1).max(100_000).default(120)
      .describe('chat.postMessage calls per minute per token and channel.'),
  }).strict().prefault({}),
  maxUploadBytes: z.number().int().min(1).max(1_000_000_000).default(50_000_000),
}).strict();

export type WorkspaceSettings = z.output<typeof workspaceDeploySchema>;

export const workspaceEnvSchema = z.object({
  ...commonEnv(8088),
  /** Where the workspace keeps its state (one workspace per lab). */
  STATE_DIR: envVar.path().default('.firedrill/workspace'),
}).strict();

export interface WorkspaceConfig {
  settings: CommonSettings;
  stateDir: string;
  deploy: WorkspaceSettings;
}

export function loadWorkspaceConfig(env: Env): WorkspaceConfig {
  const loaded = loadServiceConfig('workspace', workspaceEnvSchema, workspaceDeploySchema, env);
  return Object.freeze({ settings: loaded.settings, stateDir: loaded.env.STATE_DIR, deploy: loaded.deploy });
}
