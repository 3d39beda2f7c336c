import { z } from 'zod';
import type { SlackHistory } from './world-slack.js';
import { relativeTime, span } from './world-time.js';

/**
 * `chaos/scenarios/<name>/world/*.yaml`: what the desk serves where the lab has no real
 * system — Jira, the wiki, on-call, terraform state. Times are offsets from the lab's clock
 * (world-time.ts). Checks across files (people, sprints, rotations, tickets) live in world-check.ts.
 */
const text = z.string().trim().min(1);
const handle = z.string().regex(/^[a-z][a-z0-9._-]*$/, 'expected a lowercase handle such as dan');
const issueKey = z.string().regex(/^[A-Z][A-Z0-9]+-\d+$/, 'expected an issue key such as PERF-812');
const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a lowercase id such as runbook-orders-pool');

export const jiraStatuses = ['Backlog', 'To Do', 'Open', 'In Progress', 'In Review', 'Blocked', 'Done', "Won't Do"] as const;
export const doneStatuses: readonly string[] = ['Done', "Won't Do"];
export const sprintStates = ['active', 'closed', 'future'] as const;

const link = z.object({
  /** The relation as Jira words it: relates to, blocks, is caused by, implements. */
  type: text,
  issue: issueKey.optional(),
  title: text.optional(),
  url: text.optional(),
}).strict().refine((l) => (l.issue === undefined) !== (l.title === undefined), 'a link names either an issue (issue: ORD-238) or a web link (title: and url:), not both');

const issue = z.object({
  key: issueKey,
  type: z.enum(['Story', 'Task', 'Bug', 'Change', 'Incident', 'Spike', 'Epic']),
  summary: text,
  status: z.enum(jiraStatuses),
  priority: z.enum(['Highest', 'High', 'Medium', 'Low', 'Lowest']).default('Medium'),
  assignee: handle.nullable().default(null),
  reporter: handle,
  /** A sprint id from `sprints`; none for the backlog. */
  sprint: z.number().int().positive().optional(),
  labels: z.array(text).default([]),
  components: z.array(text).default([]),
  created: relativeTime,
  updated: relativeTime,
  /** When it reached Done or Won't Do; only those have it. */
  resolved: relativeTime.optional(),
  description: text,
  comments: z.array(z.object({ author: handle, at: relativeTime, body: text }).strict()).default([]),
  links: z.array(link).default([]),
}).strict();

export const jiraFileSchema = z.object({
  projects: z.array(z.object({ key: z.string().regex(/^[A-Z][A-Z0-9]+$/, 'expected a project key such as ORD'), name: text, lead: handle }).strict()).min(1),
  sprints: z.array(z.object({
    id: z.number().int().positive(),
    name: text,
    state: z.enum(sprintStates),
    start: relativeTime,
    end: relativeTime,
    goal: text.optional(),
  }).strict()).default([]),
  issues: z.array(issue).min(1),
}).strict();

const page = z.object({
  id: slug,
  title: text,
  space: text,
  author: handle,
  updated: relativeTime,
  labels: z.array(text).default([]),
  /** Markdown. */
  body: text,
}).strict();

const catalogService = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a lowercase service name such as orders'),
  team: text,
  tier: z.number().int().min(1).max(3),
  /** An on-call schedule id from world/oncall.yaml. */
  rotation: slug,
  repo: text,
  description: text,
}).strict();

export const wikiFileSchema = z.object({
  pages: z.array(page).min(1),
  /** The service catalog page: its table is built from `services`. */
  catalog: page.omit({ body: true }).extend({ intro: text, services: z.array(catalogService).min(1) }).strict(),
}).strict();

const layer = z.object({
  /** primary, secondary, ... */
  name: text,
  /** When the first member's shift began; the rotation runs both ways from here. */
  start: relativeTime,
  shift: span,
  members: z.array(handle).min(1),
  /** Minutes before an unacknowledged page goes on to the next layer. */
  escalateAfterMinutes: z.number().int().min(1).max(240).optional(),
}).strict();

export const oncallFileSchema = z.object({
  people: z.array(z.object({ handle, name: text, team: text }).strict()).min(1),
  schedules: z.array(z.object({
    id: slug,
    name: text,
    team: text,
    layers: z.array(layer).min(1),
    overrides: z.array(z.object({ layer: text, who: handle, start: relativeTime, end: relativeTime, note: text }).strict()).default([]),
  }).strict()).min(1),
}).strict();

const resourceChange = z.object({
  by: handle,
  ticket: issueKey.optional(),
  note: text,
  /** The attributes as they were before, for the ones that changed. */
  before: z.record(z.string(), z.unknown()).default({}),
}).strict();

export const terraformFileSchema = z.object({
  terraform_version: z.string().regex(/^\d+\.\d+\.\d+$/, 'expected a version such as 1.9.8'),
  serial: z.number().int().min(1),
  lineage: text,
  resources: z.array(z.object({
    module: z.string().regex(/^module\.[a-z_][a-z0-9_]*(\.module\.[a-z_][a-z0-9_]*)*$/, 'expected a module path such as module.network').optional(),
    type: z.string().regex(/^[a-z0-9]+_[a-z0-9_]+$/, 'expected a resource type such as aws_elasticache_cluster'),
    name: z.string().regex(/^[a-z_][a-z0-9_-]*$/, 'expected a resource name such as orders'),
    provider: text,
    attributes: z.record(z.string(), z.unknown()),
    /** When an apply last changed it. */
    changed_at: relativeTime,
    change: resourceChange.optional(),
  }).strict()).min(1),
}).strict();

export type JiraFile = z.output<typeof jiraFileSchema>;
export type JiraIssue = JiraFile['issues'][number];
export type JiraSprint = JiraFile['sprints'][number];
export type WikiFile = z.output<typeof wikiFileSchema>;
export type WikiPage = WikiFile['pages'][number];
export type CatalogService = WikiFile['catalog']['services'][number];
export type OncallFile = z.output<typeof oncallFileSchema>;
export type OncallSchedule = OncallFile['schedules'][number];
export type TerraformFile = z.output<typeof terraformFileSchema>;
export type TerraformResource = TerraformFile['resources'][number];

export interface World {
  jira: JiraFile;
  wiki: WikiFile;
  oncall: OncallFile;
  terraform: TerraformFile;
  /** world/slack.yaml, when the pack has one (world-slack.ts). */
  slack?: SlackHistory;
}

/** The files every world has, and the schema each is checked with; slack.yaml is optional (world-slack.ts). */
export const worldFiles = {
  jira: jiraFileSchema,
  wiki: wikiFileSchema,
  oncall: oncallFileSchema,
  terraform: terraformFileSchema,
} as const;

export const addressOf = (r: Pick<TerraformResource, 'module' | 'type' | 'name'>): string => `${r.module ? `${r.module}.` : ''}${r.type}.${r.name}`;
