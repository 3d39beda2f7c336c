import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../lab/paths.js';
import { controlRuntime } from '../../lab/runtime/local/control.js';
import { createErrorStore } from '../../bot/desk/errors/error-store.js';
import { createDeskTools } from '../../bot/desk/tools/index.js';
import { createTraceStore } from '../../bot/desk/traces/trace-store.js';
import { EXCLUDED_FAMILIES, FAMILY_CALLS, unclassifiedFamilies } from './families.js';
import { closedLoop } from './load.js';
import { median, percentile, summarize } from './stats.js';

// Built only to read the catalogue: nothing behind these addresses is called.
const stateDir = join(tmpdir(), 'fd-bench-desk-unused');
const tools = createDeskTools(
  { root: repoRoot(), stateDir, prometheusUrl: 'http://127.0.0.1:1', pagerUrl: 'http://127.0.0.1:1', workspaceCredentialsFile: join(stateDir, 'credentials.json'), runtime: controlRuntime(join(stateDir, 'control.sock')) },
  { errors: createErrorStore(), traces: createTraceStore() },
);
/** Calls that change the lab or speak for the investigator, whatever kind the catalogue gives them. */
const NEVER = ['deploy_rollback', 'featureflags_set', 'kubectl_rollout_restart', 'pagerduty_acknowledge', 'pagerduty_resolve', 'statuspage_update', 'slack_post_message', 'incident_submit_report'];

describe('percentiles', () => {
  it('is nearest-rank: always a sample, p100 the max, p50 of an even count the lower middle', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(median([30, 10, 20, 1000])).toBe(20);
  });

  it('sorts before it ranks and refuses what has no answer', () => {
    expect(summarize([5, 1, 4, 2, 3])).toEqual({ count: 5, p50: 3, p95: 5, p99: 5, max: 5 });
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 0)).toThrow(RangeError);
  });
});

describe('the families the bench calls', () => {
  it('covers every family the desk registers: measured or excluded with a reason, never both', () => {
    expect(unclassifiedFamilies(tools)).toEqual([]);
    for (const family of Object.keys(EXCLUDED_FAMILIES)) {
      expect(FAMILY_CALLS[family]).toBeUndefined();
      expect(tools.filter((t) => t.family === family && t.kind === 'read' && !NEVER.includes(t.name))).toEqual([]);
    }
  });

  it('names no family the desk does not have, when the catalogue loses one', () => {
    expect(unclassifiedFamilies([...tools, { family: 'newvendor', kind: 'read' }])).toEqual(['newvendor']);
    const families = new Set(tools.map((t) => t.family));
    for (const family of [...Object.keys(FAMILY_CALLS), ...Object.keys(EXCLUDED_FAMILIES)]) expect(families).toContain(family);
  });

  it('calls, per family, a read tool of that family with arguments its schema accepts, never a remediation', () => {
    for (const [family, call] of Object.entries(FAMILY_CALLS)) {
      const tool = tools.find((t) => t.name === call.tool);
      expect(tool, call.tool).toMatchObject({ family, kind: 'read' });
      expect(NEVER).not.toContain(call.tool);
      expect(tool?.args.safeParse(call.args).success, `${call.tool} ${JSON.stringify(call.args)}`).toBe(true);
    }
  });
});

describe('closedLoop', () => {
  it('keeps every caller busy until the time is up and counts failures apart', async () => {
    let n = 0;
    const run = await closedLoop(4, 50, async () => {
      n += 1;
      await new Promise((r) => setTimeout(r, 2));
      if (n % 5 === 0) throw new Error('boom');
    });
    expect(run.latencies.length + run.errors).toBe(n);
    expect(run.errors).toBeGreaterThan(0);
    expect(run.firstError).toBe('boom');
    expect(run.latencies.every((l) => l >= 1)).toBe(true);
  });
});
