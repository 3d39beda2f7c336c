import type { Express, Request } from 'express';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { createServiceApp } from '../../services/kit/http-app.js';
import type { ServiceBase } from '../../services/kit/service-base.js';
import { parseInput } from '../../services/kit/validate.js';
import type { PagerConfig } from './config.js';
import { startEscalator } from './escalator.js';
import { acknowledge, createSerial, getIncident, getTimeline, receiveNotification, resolve, type PagerDomain } from './incidents.js';
import { createPagerMetrics, registerOpenGauge } from './metrics.js';
import { incidentStatuses, summarize } from './model.js';
import { webhookPayloadSchema } from './payload.js';
import { createPagerStore } from './store.js';

export interface PagerAppDeps {
  base: ServiceBase;
  redis: Redis;
  config: Pick<PagerConfig, 'deploy'>;
  now?: () => Date;
}

export interface PagerApp {
  express: Express;
  domain: PagerDomain;
  /** Stops the escalation timer; the caller closes Redis. */
  close(): Promise<void>;
}

const incidentId = z.string().regex(/^P\d{6}$/, 'expected an incident id such as P100001');
const listQuery = z.object({ status: z.enum(incidentStatuses).optional() });
const person = z.string().trim().min(1).max(100);
const acknowledgeBody = z.object({ by: person }).strict();
const resolveBody = z.object({ by: person, note: z.string().trim().max(2000).optional() }).strict();

function param(req: Request): string {
  return parseInput(incidentId, req.params.id, 'path parameter id');
}

/** The pager: Alertmanager's webhook receiver and a tiny PagerDuty of incidents and timelines. */
export function createPagerApp(deps: PagerAppDeps): PagerApp {
  const { base, config } = deps;
  const store = createPagerStore(deps.redis);
  const metrics = createPagerMetrics(base.metrics.registry);
  registerOpenGauge(base.metrics.registry, store, base.log);
  const domain: PagerDomain = { store, deploy: config.deploy, metrics, log: base.log, now: deps.now ?? (() => new Date()), serial: createSerial() };

  const express = createServiceApp(
    { base, readiness: [{ name: 'redis', check: () => store.ping() }] },
    (app) => {
      app.post('/alertmanager', async (req, res) => {
        const payload = parseInput(webhookPayloadSchema, req.body, 'Alertmanager webhook payload');
        const result = await receiveNotification(domain, payload);
        res.status(result.opened ? 201 : 200).json(result);
      });
      app.get('/incidents', async (req, res) => {
        const query = parseInput(listQuery, req.query, 'query');
        res.json({ incidents: (await store.list(query.status)).map(summarize) });
      });
      app.get('/incidents/:id', async (req, res) => {
        res.json({ incident: summarize(await getIncident(domain, param(req))) });
      });
      app.get('/incidents/:id/timeline', async (req, res) => {
        const id = param(req);
        res.json({ id, timeline: await getTimeline(domain, id) });
      });
      app.post('/incidents/:id/acknowledge', async (req, res) => {
        const id = param(req);
        const body = parseInput(acknowledgeBody, req.body);
        res.json({ incident: await acknowledge(domain, id, body.by) });
      });
      app.post('/incidents/:id/resolve', async (req, res) => {
        const id = param(req);
        const body = parseInput(resolveBody, req.body);
        res.json({ incident: await resolve(domain, id, body.by, body.note) });
      });
    },
  );

  const escalator = startEscalator(domain);
  return { express, domain, close: () => escalator.stop() };
}
