import type { PartnerName, PartnerSettings, PartnersDeployConfig } from './config.js';
import { createDelayDraw, seedFor } from './random.js';
import { createWorkerQueue, type WorkerQueue } from './workers.js';

/** One partner's warehouse in this process: its worker queue and its ack delay sequence. */
export interface Partner {
  name: PartnerName;
  settings: PartnerSettings;
  queue: WorkerQueue;
  drawDelayMs(): number;
}

export function createPartners(deploy: PartnersDeployConfig): Record<PartnerName, Partner> {
  const make = (name: PartnerName): Partner => {
    const settings = deploy.partners[name];
    return {
      name,
      settings,
      queue: createWorkerQueue({ workers: settings.workers }),
      drawDelayMs: createDelayDraw({ seed: seedFor(deploy.seed, name), minMs: settings.minDelayMs, maxMs: settings.maxDelayMs }),
    };
  };
  return { acme: make('acme'), bolt: make('bolt'), cargo: make('cargo') };
}
