import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { PodSummary, Runtime } from '../../../lab/runtime/runtime.js';
import { createJournal } from '../journal/journal.js';
import { createRegistry } from '../registry/registry.js';
import { createLogTools } from './logs.js';

// The matching rules of logs_search over fixed lines. The runtime here only hands back those
// lines; reading real log files through the real runtime is the incident integration test's.
const lines = [
  JSON.stringify({ level: 40, time: '2026-11-30T10:00:00.000Z', msg: 'pool saturated: requests queued for a store connection' }),
  JSON.stringify({ level: 30, time: '2026-11-30T10:00:01.000Z', msg: 'request', route: '/carts/:cartId' }),
  JSON.stringify({ level: 40, time: '2026-11-30T10:00:02.000Z', msg: 'pool exhausted' }),
];
const pod: PodSummary = { name: 'orders-1', deployable: 'orders', status: 'Running', ready: true, restarts: 0, startedAt: undefined, pid: 1, port: 1, replicas: 1 };
const runtime = { listPods: async () => [pod], logs: async () => lines } as unknown as Runtime;
const registry = createRegistry({ tools: createLogTools({ runtime }), journal: createJournal(join(mkdtempSync(join(tmpdir(), 'logs-')), 'j.jsonl')), log: pino({ level: 'silent' }) });
const search = (args: Record<string, unknown>) => registry.call('logs_search', { since: '2026-11-30T09:00:00Z', ...args }, { kind: 'cli', via: 'cli' });

describe('logs_search', () => {
  it('matches every word in any case, or a /regex/', async () => {
    expect(await search({ query: 'POOL saturated' })).toMatchObject({ ok: true, result: { total: 1 } });
    expect(await search({ query: '/pool (saturated|exhausted)/' })).toMatchObject({ ok: true, result: { total: 2 } });
    expect(await search({ query: '/(carts|orders)+/' })).toMatchObject({ ok: true, result: { total: 1 } });
  });

  it.each(['/(a+)+$/', '/(.*a){3}/', '/(x|y*)*z/', '/(a)\\1/'])('refuses %s, which could backtrack without end, naming query', async (query) => {
    expect(await search({ query })).toMatchObject({ ok: false, error: { code: 'unsafe_regex', field: 'query' } });
  });
});
