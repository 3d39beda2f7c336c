import { join } from 'node:path';
import { z } from 'zod';
import { commonEnv, envVar, type Env } from '../../services/kit/config.js';
import type { CommonSettings } from '../../services/kit/service-base.js';
import { loadServiceConfig } from '../../services/kit/service-config.js';
import { AppError } from '../../services/kit/errors.js';
import { deployables } from '../../lab/deployables.js';
import { coachModes, type CoachMode } from '../coach/gate.js';
import { LAB_NAMESPACE } from './tools/kubectl.js';

const runtimes = ['local', 'kubernetes'] as const;

/** The desk has no deploy settings of its own yet; the empty schema still rejects a stray file key. */
export const deskDeploySchema = z.object({}).strict();

export const deskEnvSchema = z.object({
  ...commonEnv(8090),
  STATE_DIR: envVar.path().describe('the lab state dir (.firedrill): shop repo, deploy runs, chaos journal'),
  PROMETHEUS_URL: envVar.url().default('http://127.0.0.1:9390'),
  PAGER_URL: envVar.url().default('http://127.0.0.1:8091'),
  CONTROL_SOCKET: envVar.path().optional(),
  WORKSPACE_CREDENTIALS: envVar.path().optional(),
  JOURNAL_FILE: envVar.path().optional(),
  ALLOWED_HOSTS: envVar.text('').describe('comma-separated host names besides loopback the desk answers to'),
  LAB_URLS: envVar.text('').describe('comma-separated name=url of the lab\'s deployables (partners=http://127.0.0.1:8083,...), for reports; default ports otherwise'),
  COACH_MODE: z.enum(coachModes, { error: `expected one of ${coachModes.join(', ')}` }).default('warn')
    .describe('the process gate before remediations: off, warn (record broken rules) or enforce (refuse the call)'),
  RUNTIME: z.enum(runtimes, { error: `expected one of ${runtimes.join(', ')}` }).default('local')
    .describe('where the lab runs: local (the supervisor, through CONTROL_SOCKET) or kubernetes (the API server, in K8S_NAMESPACE)'),
  K8S_NAMESPACE: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'expected a Kubernetes namespace name').default(LAB_NAMESPACE),
}).strict();

export interface DeskConfig {
  settings: CommonSettings;
  stateDir: string;
  prometheusUrl: string;
  pagerUrl: string;
  controlSocket: string;
  workspaceCredentialsFile: string;
  journalFile: string;
  /** The error reports the services sent, kept across desk restarts. */
  errorsFile: string;
  allowedHosts: readonly string[];
  /** Where each lab deployable answers, for the report's ground truth and probes. */
  labUrls: Readonly<Record<string, string>>;
  /** How the coach's process gate treats a remediation that skips a step of the incident process. */
  coachMode: CoachMode;
  /** Which Runtime the kubectl_* tools use: the local supervisor's, or the Kubernetes lab's. */
  runtime: (typeof runtimes)[number];
  k8sNamespace: string;
}

function parseUrls(text: string): Record<string, string> {
  return Object.fromEntries(text.split(',').map((p) => p.trim()).filter(Boolean).map((p) => {
    const [name, url] = p.split('=');
    if (!name || !url) throw new AppError('invalid_config', 500, `DESK_LAB_URLS: "${p}" is not name=url (e.g. partners=http://127.0.0.1:8083)`);
    return [name, url.replace(/\/+$/, '')];
  }));
}

export function loadDeskConfig(env: Env): DeskConfig {
  const loaded = loadServiceConfig('desk', deskEnvSchema, deskDeploySchema, env);
  const e = loaded.env;
  return Object.freeze({
    settings: loaded.settings,
    stateDir: e.STATE_DIR,
    prometheusUrl: e.PROMETHEUS_URL.replace(/\/+$/, ''),
    pagerUrl: e.PAGER_URL.replace(/\/+$/, ''),
    controlSocket: e.CONTROL_SOCKET ?? join(e.STATE_DIR, 'lab', 'control.sock'),
    workspaceCredentialsFile: e.WORKSPACE_CREDENTIALS ?? join(e.STATE_DIR, 'workspace', 'credentials.json'),
    journalFile: e.JOURNAL_FILE ?? join(e.STATE_DIR, 'desk', 'journal.jsonl'),
    errorsFile: join(e.STATE_DIR, 'desk', 'errors.jsonl'),
    allowedHosts: e.ALLOWED_HOSTS.split(',').map((h) => h.trim()).filter(Boolean),
    labUrls: { ...Object.fromEntries(deployables.map((d) => [d.name, `http://127.0.0.1:${d.port}`])), ...parseUrls(e.LAB_URLS) },
    coachMode: e.COACH_MODE,
    runtime: e.RUNTIME,
    k8sNamespace: e.K8S_NAMESPACE,
  });
}
