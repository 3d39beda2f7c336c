import { z } from 'zod';

/**
 * `chaos/scenarios/<name>/scenario.yaml`. What a bad day does, and only that: the method has
 * four step kinds (a coworker's commit + deploy, a flag, load, unrelated noise). Everything
 * else is what the grader, the desk and the personas know. Cross-checks that need the
 * shop (services, config keys, flags, people) live in check.ts.
 */
const duration = z.string().regex(/^\d+(ms|s|m|h)$/, 'expected a duration such as 90s, 15m or 2h');
const handle = z.string().regex(/^[a-z][a-z0-9._-]*$/, 'expected a lowercase handle such as dan');
const ticket = z.string().regex(/^[A-Z][A-Z0-9]+-\d+$/, 'expected a ticket id such as PERF-812');
const text = z.string().trim().min(1);

const tolerance = z.object({
  /** Consecutive failed checks allowed before the probe counts as failing. */
  failures: z.number().int().min(0).max(10).default(0),
  /** How many times to check, `every` apart. */
  attempts: z.number().int().min(1).max(20).default(3),
  every: duration.default('2s'),
}).strict().prefault({});

const httpProbe = z.object({
  kind: z.literal('http'),
  name: text,
  service: text.describe('A lab deployable (storefront, orders, ...); the runner resolves its URL.'),
  path: z.string().startsWith('/'),
  expectStatus: z.number().int().min(100).max(599).default(200),
  tolerance,
}).strict();

const promqlProbe = z.object({
  kind: z.literal('promql'),
  name: text,
  query: text,
  op: z.enum(['<', '<=', '==', '>=', '>', '!=']),
  value: z.number(),
  tolerance,
}).strict();

export const probeSchema = z.discriminatedUnion('kind', [httpProbe, promqlProbe]);

const stepBase = {
  /** When, after inject starts. */
  at: duration,
  /** What the facilitator's record says this step is for. */
  why: text.optional(),
};

const commitAndDeploy = z.object({
  kind: z.literal('commit-and-deploy'),
  ...stepBase,
  as: handle.describe('The coworker who commits and deploys.'),
  service: text,
  ticket,
  message: text.describe('The commit subject after the ticket id.'),
  body: z.string().optional(),
  /** Deploy config keys to change (dotted paths for nested ones, e.g. breaker.timeoutMs). */
  set: z.record(z.string(), z.unknown()).refine((r) => Object.keys(r).length > 0, 'set at least one key'),
}).strict();

const flagStep = z.object({
  kind: z.literal('flag'),
  ...stepBase,
  as: handle,
  flag: text,
  /** The variant to make the default (flagd format: on / off). */
  variant: text,
  ticket: ticket.optional(),
  message: text,
}).strict();

const loadStep = z.object({
  kind: z.literal('load'),
  ...stepBase,
  /** Traffic driver settings (dotted paths such as shoppers.sessionsPerSecond). */
  set: z.record(z.string(), z.number().min(0)).refine((r) => Object.keys(r).length > 0, 'set at least one setting'),
}).strict();

const noiseAlert = z.object({
  kind: z.literal('noise'),
  ...stepBase,
  noise: z.literal('alert'),
  alertname: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'expected an alert name such as DiskSpaceLow'),
  service: text,
  severity: z.enum(['page', 'warning', 'info']),
  summary: text,
  /** How long the alert stays firing. */
  lasts: duration,
}).strict();

const noiseDeploy = z.object({
  kind: z.literal('noise'),
  ...stepBase,
  noise: z.literal('deploy'),
  as: handle,
  service: text,
  ticket,
  message: text,
  set: z.record(z.string(), z.unknown()).refine((r) => Object.keys(r).length > 0, 'set at least one key'),
}).strict();

export const stepSchema = z.union([commitAndDeploy, flagStep, loadStep, noiseAlert, noiseDeploy]);

const evidence = z.object({ tool: text, shows: text }).strict();

/**
 * The live facts a coworker can look up (bot/app/personas/facts.ts fetches each from the
 * running lab): a persona's `topics`, and the evidence cited for or against a theory.
 */
export const factTopics = ['duplicates', 'deploys', 'infra', 'pool', 'breaker', 'webhooks', 'backlog', 'flags', 'alerts', 'seating', 'clock', 'orders'] as const;
export type FactTopic = (typeof factTopics)[number];
const factList = z.array(z.enum(factTopics)).default([]);
const keywords = z.array(text).default([]);

const remedy = z.object({
  name: text, action: text, effect: text,
  /** Words that name this remedy in a fix proposal ("revert", "roll back"). */
  keywords,
  /** Services and flags the remedy acts on: an approval of it lets remediation tools touch these. */
  targets: z.array(text).default([]),
}).strict();

const persona = z.object({
  handle,
  /** Display name in Slack ("Dan Moreno"). */
  name: text,
  /** Slack emoji shown as the persona's icon. */
  icon: z.string().regex(/^:[a-z0-9_+-]+:$/, 'expected a Slack emoji such as :package:').default(':bust_in_silhouette:'),
  role: text,
  knows: z.array(text).default([]),
  /** What this person looks up live when asked: only these facts, nothing else. */
  topics: factList,
  /** A red herring (by name) this person honestly suspects until shown otherwise. */
  suspects: text.optional(),
  /** May approve a fix in the incident channel (the process coach counts only these). */
  approves: z.boolean().default(false),
}).strict();

export const scenarioSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a lowercase name such as storefront-offline'),
  title: text,
  summary: text,
  difficulty: z.enum(['easy', 'medium', 'hard']),
  /** Every change the runner makes is reverted after this long, runner alive or not. */
  ttl: duration,
  briefing: z.object({
    /** The page text; {{placeholders}} are filled from what really happened. */
    page: text,
    channel: z.string().default('incidents'),
    /** The alert whose page starts the game: {{alertFiredAt}} is when the pager opened its incident. */
    alert: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an alert name such as StorefrontBreakerOpen').optional(),
  }).strict(),
  probes: z.object({
    steady: z.array(probeSchema).min(1),
    /** What shows the scenario took hold (tests and the facilitator). */
    incident: z.array(probeSchema).default([]),
  }).strict(),
  method: z.array(stepSchema).min(1),
  truth: z.object({
    rootCause: z.object({
      component: text, change: text, mechanism: text,
      /** Words that name the cause in a theory ("PERF-812", "idempotency"); personas confirm a theory that uses them. */
      keywords,
      /** Live facts a coworker cites when confirming it. */
      evidence: factList,
      /** The mechanism's parts a complete root cause names, each recognised by its words (the scorecard's measure). */
      parts: z.array(z.object({ name: text, keywords: z.array(text).min(1) }).strict()).default([]),
    }).strict(),
    causalChain: z.array(text).min(1),
    symptoms: z.array(text).min(1),
    redHerrings: z.array(z.object({
      name: text, artifacts: z.array(evidence).min(1), dismissedBy: text,
      /** `symptom`: real, but caused by the root cause (the pool); `unrelated`: noise. */
      verdict: z.enum(['symptom', 'unrelated']).default('unrelated'),
      keywords,
      evidence: factList,
    }).strict()).default([]),
  }).strict(),
  remedies: z.object({
    fixes: z.array(remedy).min(1),
    traps: z.array(remedy).default([]),
  }).strict(),
  impact: z.object({
    unitCostCents: z.number().int().min(0),
    shippingCostCents: z.number().int().min(0),
    notes: z.string().optional(),
  }).strict(),
  /** What else the desk and the bot read, open for later issues. Jira, wiki, on-call and terraform are files in the pack's world/ (world.ts). */
  world: z.record(z.string(), z.unknown()).default({}),
  /** Coworkers and what each knows. Open for the bot issues to extend. */
  personas: z.array(persona).min(1),
}).strict();

export type Scenario = z.output<typeof scenarioSchema>;
export type Step = z.output<typeof stepSchema>;
export type Probe = z.output<typeof probeSchema>;

/** The four kinds of thing a scenario may do to the lab. */
export const stepKinds = ['commit-and-deploy', 'flag', 'load', 'noise'] as const;
