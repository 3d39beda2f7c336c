import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadSeatingConfig, seatingDeploySchema } from './config.js';
import { problemsOf } from '../../test/support/config.js';

describe('seating config', () => {
  it('defaults to port 8084, store latency 5 ms and log times from the real clock in UTC', () => {
    const cfg = loadSeatingConfig({ ORDERS_PORT: 'not-mine' });
    expect(cfg.settings.port).toBe(8084);
    expect(cfg.storeLatencyMs).toBe(5);
    expect(cfg.logTime).toEqual({ clockSkewMs: 0, utcOffsetMinutes: 0 });
    expect(cfg.deploy).toEqual({ auditIntervalMs: 10_000, rows: 10, seatsPerRow: 20 });
    expect(Object.isFrozen(cfg.logTime)).toBe(true);
  });

  it('reads the log clock skew and UTC offset, negative ones too', () => {
    const cfg = loadSeatingConfig({ SEATING_LOG_CLOCK_SKEW_MS: '97000', SEATING_LOG_UTC_OFFSET_MINUTES: '-300' });
    expect(cfg.logTime).toEqual({ clockSkewMs: 97_000, utcOffsetMinutes: -300 });
  });

  it('reports every bad key together', () => {
    const problems = problemsOf(() => loadSeatingConfig({
      SEATING_PORT: 'abc', SEATING_LOG_UTC_OFFSET_MINUTES: '+1h', SEATING_LOG_CLOCK_SKEW_MS: '999999999999', SEATING_STORE_LATENCY_MS: '-1',
    }));
    expect(problems).toHaveLength(4);
    expect(problems).toContainEqual(expect.stringMatching(/^SEATING_PORT: expected a TCP port/));
    expect(problems).toContainEqual(expect.stringMatching(/^SEATING_LOG_UTC_OFFSET_MINUTES: expected a whole number of minutes between -840 and 840/));
    expect(problems).toContainEqual(expect.stringMatching(/^SEATING_LOG_CLOCK_SKEW_MS: expected a whole number of milliseconds/));
    expect(problems).toContainEqual(expect.stringMatching(/^SEATING_STORE_LATENCY_MS: expected a whole number >= 0/));
  });

  it('rejects a seat map larger than seat names allow', () => {
    expect(seatingDeploySchema.safeParse({ rows: 27 }).success).toBe(false);
    expect(seatingDeploySchema.safeParse({ seatsPerRow: 100 }).success).toBe(false);
    expect(seatingDeploySchema.safeParse({ auditIntervalMs: 10 }).success).toBe(false);
    expect(seatingDeploySchema.safeParse({ audit: 1 }).success).toBe(false);
  });

  it('the seating seed file spells out exactly the schema defaults', () => {
    const path = fileURLToPath(new URL('../../lab/shop-seed/config/seating.yaml', import.meta.url));
    const defaults = seatingDeploySchema.parse({});
    expect(parseYaml(readFileSync(path, 'utf8'))).toEqual(defaults);
    expect(loadSeatingConfig({ SEATING_CONFIG_FILE: path }).deploy).toEqual(defaults);
  });
});
