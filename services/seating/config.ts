import { z } from 'zod';
import { commonEnv, envVar, type Env } from '../kit/config.js';
import type { CommonSettings } from '../kit/service-base.js';
import { loadServiceConfig } from '../kit/service-config.js';
import { MAX_ROWS, MAX_SEATS_PER_ROW } from './seat-map.js';

/** `config/seating.yaml` in the shop repository. Defaults are the steady-state values. */
export const seatingDeploySchema = z.object({
  auditIntervalMs: z.number().int().min(1000).max(3_600_000).default(10_000)
    .describe('How often the duplicate-seat audit scans the stored assignments.'),
  rows: z.number().int().min(1).max(MAX_ROWS).default(10)
    .describe('Rows (A, B, ...) of the seat map of events seeded at start; an event already stored keeps its map.'),
  seatsPerRow: z.number().int().min(1).max(MAX_SEATS_PER_ROW).default(20)
    .describe('Seats per row of the seat map of events seeded at start.'),
}).strict();

/** A whole number within ±max, for settings that may be negative. */
function signedInt(fallback: number, max: number, what: string) {
  const message = `expected a whole number of ${what} between -${max} and ${max}`;
  return z.string().regex(/^-?\d+$/, message).transform(Number).refine((n) => Math.abs(n) <= max, message).default(fallback);
}

export const seatingEnvSchema = z.object({
  ...commonEnv(8084),
  REDIS_URL: envVar.redisUrl('redis://127.0.0.1:6390/0'),
  STORE_LATENCY_MS: envVar.int(5),
  LOG_CLOCK_SKEW_MS: signedInt(0, 86_400_000, 'milliseconds'),
  LOG_UTC_OFFSET_MINUTES: signedInt(0, 840, 'minutes'),
}).strict();

export type SeatingDeployConfig = z.output<typeof seatingDeploySchema>;

/** How seating's log lines stamp `time`: this host's clock and time zone, not everyone else's. */
export interface LogTimeSettings {
  clockSkewMs: number;
  utcOffsetMinutes: number;
}

export interface SeatingConfig {
  settings: CommonSettings;
  redisUrl: string;
  /**
   * Round trip added to every store query, standing for the ticketing database a real
   * seating service talks to. A property of the environment, not a failure knob.
   */
  storeLatencyMs: number;
  logTime: LogTimeSettings;
  deploy: SeatingDeployConfig;
}

export function loadSeatingConfig(env: Env): SeatingConfig {
  const loaded = loadServiceConfig('seating', seatingEnvSchema, seatingDeploySchema, env);
  return Object.freeze({
    settings: loaded.settings,
    redisUrl: loaded.env.REDIS_URL,
    storeLatencyMs: loaded.env.STORE_LATENCY_MS,
    logTime: Object.freeze({ clockSkewMs: loaded.env.LOG_CLOCK_SKEW_MS, utcOffsetMinutes: loaded.env.LOG_UTC_OFFSET_MINUTES }),
    deploy: loaded.deploy,
  });
}
