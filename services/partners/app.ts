import express, { type Express, type Request, type Response } from 'express';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { badRequest, notFound, unavailable } from '../kit/errors.js';
import { createServiceApp } from '../kit/http-app.js';
import type { ServiceBase } from '../kit/service-base.js';
import { parseInput } from '../kit/validate.js';
import { isPartnerName, PARTNER_NAMES, type PartnerName, type PartnersConfig } from './config.js';
import { createLedger, type Ledger, type PartnerTotals, type PartnerTruth } from './ledger.js';
import { createPartnersMetrics, registerGroundTruthMetrics, registerQueueGauges } from './metrics.js';
import { createPartners, type Partner } from './partner.js';
import { receiveWebhook, type Delivery } from './receive.js';

export interface PartnersAppDeps {
  base: ServiceBase;
  redis: Redis;
  config: Pick<PartnersConfig, 'deploy'>;
}

export interface PartnersApp {
  express: Express;
  partners: Record<PartnerName, Partner>;
  ledger: Ledger;
  /** Waits for every worker to finish, so nothing touches Redis after it. */
  close(): Promise<void>;
}

export interface GroundTruth {
  partners: Record<string, PartnerTruth>;
  totals: PartnerTotals;
}

// Unknown fields are ignored rather than refused: a webhook receiver should not break
// when the sender adds a field.
const webhookBody = z.object({
  batchId: z.string().min(1).max(128),
  partner: z.string().min(1),
  attempt: z.number().int().min(1),
  orderIds: z.array(z.string().min(1)).min(1),
  items: z.array(z.object({ sku: z.string().min(1), name: z.string(), qty: z.number().int().min(1) })),
  itemCount: z.number().int().min(0),
});

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const jsonParser = express.json({ limit: '256kb' });

function readJson(req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => jsonParser(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
}

function idempotencyKey(req: Request): string | undefined {
  const key = req.get('idempotency-key');
  if (key === undefined) return undefined;
  if (!KEY_PATTERN.test(key)) throw badRequest('invalid_idempotency_key', 'Idempotency-Key must be 1-255 visible ASCII characters');
  return key;
}

/** Set as soon as the caller's connection closes before we answered: a client timeout or abort. */
function watchCaller(req: Request, res: Response): () => boolean {
  let gone = false;
  res.once('close', () => {
    if (!res.writableFinished) gone = true;
  });
  return () => gone || req.socket.destroyed;
}

function sumTotals(all: readonly PartnerTotals[]): PartnerTotals {
  const totals: PartnerTotals = { shipments: 0, distinctBatches: 0, duplicateShipments: 0, duplicateItems: 0 };
  for (const t of all) {
    totals.shipments += t.shipments;
    totals.distinctBatches += t.distinctBatches;
    totals.duplicateShipments += t.duplicateShipments;
    totals.duplicateItems += t.duplicateItems;
  }
  return totals;
}

/** The three partners' webhook receivers in one process, and the ground truth of what they shipped. */
export function createPartnersApp(deps: PartnersAppDeps): PartnersApp {
  const { base } = deps;
  const ledger = createLedger(deps.redis);
  const partners = createPartners(deps.config.deploy);
  const metrics = createPartnersMetrics(base.metrics.registry, PARTNER_NAMES);
  registerQueueGauges(base.metrics.registry, () => Object.fromEntries(PARTNER_NAMES.map((p) => [p, partners[p].queue.stats()])));
  registerGroundTruthMetrics(base.metrics.registry, { read: () => ledger.totals(PARTNER_NAMES), log: base.log });

  const express = createServiceApp(
    {
      base,
      readiness: [{ name: 'redis', check: () => ledger.ping() }],
      // Each route parses its own body, so a malformed webhook counts as rejected for its partner.
      parsers: [],
    },
    (app) => {
      app.post('/webhooks/:partner', async (req, res) => {
        const name = req.params.partner;
        if (!isPartnerName(name)) throw notFound('unknown_partner', `no partner ${name}; partners are ${PARTNER_NAMES.join(', ')}`);
        const partner = partners[name];
        const callerGone = watchCaller(req, res);
        let delivery: Delivery;
        try {
          const key = idempotencyKey(req);
          await readJson(req, res);
          const body = parseInput(webhookBody, req.body);
          if (body.partner !== name) throw badRequest('partner_mismatch', `body.partner is ${body.partner} but this is the ${name} webhook`);
          delivery = { batchId: body.batchId, attempt: body.attempt, orderIds: body.orderIds, itemCount: body.itemCount, idempotencyKey: key };
        } catch (err) {
          metrics.webhook(name, 'rejected');
          throw err;
        }
        const outcome = await receiveWebhook({ ledger, metrics, log: res.locals.log }, partner, delivery, callerGone);
        if (outcome.status === 'caller_gone' || callerGone()) return;
        res.json({ status: outcome.status, partner: name, batchId: delivery.batchId, shipmentId: outcome.shipmentId });
      });

      app.get('/ground-truth', async (_req, res) => {
        let truth: Record<string, PartnerTruth>;
        try {
          truth = await ledger.truth(PARTNER_NAMES);
        } catch (err) {
          throw unavailable('ground_truth_unavailable', 'cannot read the ground truth from Redis', err);
        }
        const body: GroundTruth = { partners: truth, totals: sumTotals(Object.values(truth)) };
        res.json(body);
      });
    },
  );

  return {
    express,
    partners,
    ledger,
    close: async () => {
      await Promise.all(PARTNER_NAMES.map((p) => partners[p].queue.idle()));
    },
  };
}
