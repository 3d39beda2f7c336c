import express, { type Express, type Request } from 'express';
import { z } from 'zod';
import { badRequest, notFound } from '../../../services/kit/errors.js';
import { parseInput } from '../../../services/kit/validate.js';
import { intents, processRules } from '../../coach/entries.js';
import { coachModes, type CoachMode } from '../../coach/gate.js';
import { verdicts, type Journal } from '../journal/journal.js';
import type { Registry } from '../registry/registry.js';
import type { Caller } from '../registry/tool.js';
import { requireJson } from './host-guard.js';

const CALLER_KINDS = ['agent', 'slack', 'cli', 'http', 'bot'] as const;

/**
 * Who is calling, from `x-firedrill-caller: <kind>[:<name>]` (cli:alice, agent:claude,
 * slack:U0123) and `x-firedrill-via`; a plain HTTP client is `http`.
 */
export function callerOf(req: Request): Caller {
  const raw = req.header('x-firedrill-caller') ?? 'http';
  const [kind = 'http', ...rest] = raw.split(':');
  const name = rest.join(':').trim().slice(0, 100);
  const known = (CALLER_KINDS as readonly string[]).includes(kind) ? (kind as Caller['kind']) : 'http';
  return { kind: known, ...(name ? { name } : {}), via: (req.header('x-firedrill-via') ?? 'http').slice(0, 40) };
}

const journalQuery = z.object({
  since: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});
const handle = z.string().min(1).max(100);
const messageBody = z.object({
  channel: z.string().min(1), user: z.string().min(1), text: z.string(), ts: z.string().min(1), threadTs: z.string().min(1).optional(),
  persona: handle.optional(),
  intent: z.enum(intents).optional(),
  verdict: z.enum(verdicts).optional(),
  approval: z.object({ fix: z.string().min(1).max(500), targets: z.array(z.string().min(1).max(100)).min(1).max(20) }).strict().optional(),
}).strict().superRefine((m, ctx) => {
  // A verdict or an approval is a coworker's; without the persona the coach could not tell it from the investigator's words.
  for (const key of ['verdict', 'approval'] as const) {
    if (m[key] !== undefined && m.persona === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `a ${key} is a coworker's: send persona with it` });
  }
});
const coachBody = z.object({ mode: z.enum(coachModes).describe('off, warn (record broken rules) or enforce (refuse the remediation)') }).strict();

const eventBody = z.object({
  event: z.enum(['hint', 'nudge', 'process', 'page', 'prepared']),
  who: handle.optional(),
  rule: z.enum(processRules).optional(),
  outcome: z.enum(['kept', 'broken', 'refused']).optional(),
  text: z.string().min(1).max(10_000),
  ref: z.number().int().min(1).optional(),
}).strict().superRefine((e, ctx) => {
  if (e.outcome !== undefined && e.event !== 'process') ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'only a process event has an outcome' });
});

/**
 * The desk's plain HTTP API: `GET /tools`, `POST /tools/<name>` with JSON arguments,
 * `GET /journal`, `POST /journal/messages` (the bot's Slack messages), `POST /journal/events`
 * (the game's own events: hints, nudges, the page, a game prepared), `GET /coach` (the
 * process gate's mode, so the bot nudges only when the coach is on), `GET /briefing`.
 * A body that is not JSON is still a call: it is answered with `invalid_json` and journaled.
 */
export function mountHttp(app: Express, deps: { registry: Registry; journal: Journal; briefing: () => Promise<unknown>; coach: { get(): CoachMode; set(mode: CoachMode): void } }): void {
  const { registry, journal } = deps;
  app.get('/tools', (_req, res) => {
    res.json({ tools: registry.list() });
  });
  app.get('/tools/:name', (req, res) => {
    const tool = registry.list().find((t) => t.name === req.params.name);
    if (!tool) throw notFound('unknown_tool', `no tool "${req.params.name}"; GET /tools lists them`);
    res.json(tool);
  });
  app.post('/tools/:name', requireJson, express.text({ type: () => true, limit: '256kb' }), async (req, res) => {
    const name = String(req.params.name ?? '');
    const text = typeof req.body === 'string' ? req.body : '';
    let args: unknown = {};
    let unparsable = false;
    try {
      args = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      unparsable = true;
    }
    const caller = callerOf(req);
    if (unparsable || typeof args !== 'object' || args === null || Array.isArray(args)) {
      const error = { code: 'invalid_json', message: 'the request body must be a JSON object of arguments, e.g. {"query":"up"}', field: '(body)' };
      const entry = journal.append({ type: 'call', tool: name, args: text.slice(0, 2000), caller, ok: false, error, latencyMs: 0 });
      res.status(400).json({ ok: false, seq: entry.seq, error });
      return;
    }
    const out = await registry.call(name, args, caller);
    if (out.ok) res.json({ ok: true, seq: out.entry.seq, result: out.result });
    else res.status(out.status).json({ ok: false, seq: out.entry.seq, error: out.error });
  });
  app.get('/journal', (req, res) => {
    const q = parseInput(journalQuery, req.query, 'query');
    res.json({ file: journal.file, entries: journal.read(q) });
  });
  app.post('/journal/messages', requireJson, express.json({ limit: '256kb' }), (req, res) => {
    if (req.body === undefined) throw badRequest('invalid_json', 'body must be a JSON message');
    const m = parseInput(messageBody, req.body, 'body');
    const entry = journal.append({ type: 'message', ...m });
    res.status(201).json({ seq: entry.seq });
  });
  app.post('/journal/events', requireJson, express.json({ limit: '256kb' }), (req, res) => {
    if (req.body === undefined) throw badRequest('invalid_json', 'body must be a JSON game event');
    const e = parseInput(eventBody, req.body, 'body');
    const entry = journal.append({ type: 'game', ...e });
    res.status(201).json({ seq: entry.seq });
  });
  app.get('/coach', (_req, res) => {
    res.json({ mode: deps.coach.get() });
  });
  // The facilitator's switch (`npx firedrill coach enforce`), not a tool: an agent cannot turn its own referee off.
  app.put('/coach', requireJson, express.json({ limit: '4kb' }), (req, res) => {
    const { mode } = parseInput(coachBody, req.body ?? {}, 'body');
    deps.coach.set(mode);
    res.json({ mode });
  });
  app.get('/briefing', async (_req, res) => {
    res.json(await deps.briefing());
  });
}
