import type { Express, Request } from 'express';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { isAppError } from '../kit/errors.js';
import { createServiceApp } from '../kit/http-app.js';
import type { ServiceBase } from '../kit/service-base.js';
import { parseInput } from '../kit/validate.js';
import { assignSeat, refundTicket, seatStatuses } from './assign.js';
import { runAudit, startAuditor, type AuditResult } from './audit.js';
import type { SeatingConfig } from './config.js';
import type { SeatingDomain } from './domain.js';
import { createSeatingMetrics, type AssignmentOutcome } from './metrics.js';
import { SEAT_PATTERN } from './seat-map.js';
import { seedEvents } from './seed.js';
import { createSeatingStore } from './store.js';

export interface SeatingAppDeps {
  base: ServiceBase;
  redis: Redis;
  config: Pick<SeatingConfig, 'deploy' | 'storeLatencyMs'>;
}

export interface SeatingApp {
  express: Express;
  domain: SeatingDomain;
  /** Resolves once the seeded events are stored. */
  ready(): Promise<void>;
  audit(): Promise<AuditResult>;
  close(): Promise<void>;
}

const eventId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'expected 1-64 lowercase letters, digits or -');
const ticketId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1-64 letters, digits, _ or -');
const assignBody = z.object({
  seat: z.string().regex(SEAT_PATTERN, 'expected a seat such as A7: a row letter A-Z and a seat number 1-99'),
  ticketId,
  holder: z.object({ name: z.string().trim().min(1).max(200), email: z.email() }).strict(),
}).strict();

function eventParam(req: Request): string {
  return parseInput(eventId, req.params.eventId, 'path parameter eventId');
}

function outcomeOf(err: unknown): AssignmentOutcome | undefined {
  if (!isAppError(err)) return undefined;
  if (err.code === 'seat_taken') return 'seat_taken';
  return err.status >= 400 && err.status < 500 ? 'rejected' : undefined;
}

/** The seating API: events, their seat maps, seat assignments and the duplicate-seat audit. */
export function createSeatingApp(deps: SeatingAppDeps): SeatingApp {
  const { base, config } = deps;
  const metrics = createSeatingMetrics(base.metrics.registry);
  const domain: SeatingDomain = {
    store: createSeatingStore(deps.redis, config.storeLatencyMs),
    deploy: config.deploy,
    metrics,
    errors: base.errors,
    log: base.log,
  };

  // Seeding waits for Redis; a failure is retried by the next caller instead of failing start-up.
  let seeding: Promise<void> | undefined;
  const ready = (): Promise<void> => {
    seeding ??= seedEvents(domain).catch((err: unknown) => {
      seeding = undefined;
      throw err;
    });
    return seeding;
  };

  const express = createServiceApp(
    {
      base,
      readiness: [
        { name: 'redis', check: () => domain.store.ping() },
        { name: 'events', check: ready },
      ],
    },
    (app) => {
      app.get('/events', async (_req, res) => {
        await ready();
        res.json({ events: await domain.store.listEvents() });
      });
      app.get('/events/:eventId/seats', async (req, res) => {
        const id = eventParam(req);
        await ready();
        res.json(await seatStatuses(domain, id));
      });
      app.post('/events/:eventId/assignments', async (req, res) => {
        try {
          const id = eventParam(req);
          const body = parseInput(assignBody, req.body);
          await ready();
          const assignment = await assignSeat(domain, id, body);
          metrics.assignments.inc({ outcome: 'assigned' });
          res.locals.log.info({ eventId: id, seat: assignment.seat, ticketId: assignment.ticketId, assignmentId: assignment.id }, 'seat assigned');
          res.status(201).json({ assignment });
        } catch (err) {
          const outcome = outcomeOf(err);
          if (outcome) metrics.assignments.inc({ outcome });
          throw err;
        }
      });
      app.delete('/events/:eventId/assignments/:ticketId', async (req, res) => {
        const id = eventParam(req);
        const ticket = parseInput(ticketId, req.params.ticketId, 'path parameter ticketId');
        await ready();
        const refund = await refundTicket(domain, id, ticket);
        metrics.refunds.inc();
        res.locals.log.info({ eventId: id, seat: refund.seat, ticketId: ticket }, 'ticket refunded');
        res.json({ refund });
      });
      app.get('/audit', async (_req, res) => {
        await ready();
        res.json(await runAudit(domain));
      });
    },
  );

  const auditor = startAuditor({ domain, intervalMs: config.deploy.auditIntervalMs, before: ready });
  return {
    express,
    domain,
    ready,
    audit: () => runAudit(domain),
    close: async () => {
      await auditor.stop();
    },
  };
}
