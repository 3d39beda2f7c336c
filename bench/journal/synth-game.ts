import type { JournalEntry } from '../../bot/desk/journal/journal.js';
import { logLine, ORDERS_LINE_AT, SEATING_CLOCK, SEATING_LINE_AT } from '../../bot/report/game-fixture.js';
import { COWORKER_LOOKUP, INJECTED_AT, reportJournal, type ReportJournal } from '../../bot/report/report-fixture.js';

export const SYNTH_SCENARIO = 'storefront-offline';
export const SYNTH_INJECTED_AT = INJECTED_AT;

const SERVICES = ['storefront', 'orders', 'fulfillment', 'partners', 'seating'] as const;
const PARTNERS = ['acme', 'bolt', 'cargo'] as const;
const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length] as T;

/** A Prometheus range answer as the desk returns it: a few series of `points` samples. */
function rangeResult(metric: string, i: number, points = 60) {
  const start = Date.parse(INJECTED_AT) / 1000 + i;
  return {
    resultType: 'matrix',
    result: PARTNERS.map((partner, k) => ({
      metric: { __name__: metric, partner, service: 'fulfillment' },
      values: Array.from({ length: points }, (_, n) => [start + n * 15, String(((i + n + k) % 17) * 0.25)]),
    })),
  };
}

function logMatches(service: string, i: number, count = 12) {
  return Array.from({ length: count }, (_, n) => {
    const seating = service === 'seating';
    const at = (seating ? SEATING_LINE_AT : ORDERS_LINE_AT) + (i + n) * 1000;
    const line = logLine(service, at, n % 3 === 0 ? 'pool exhausted' : 'webhook timed out', seating ? SEATING_CLOCK : undefined, { waiting: n, partner: pick(PARTNERS, n), attempt: (n % 4) + 1 });
    return { service, line };
  });
}

/**
 * One round of an investigation as the report sees it: lookups of every kind with answers
 * the size the desk really returns, the investigator's messages with the intent the bot
 * read, coworkers' verdicts in thread, a coworker's own lookup and a coach event.
 */
function round(j: ReportJournal, i: number): void {
  const service = pick(SERVICES, i);
  j.call('prometheus_query', { query: `sum by (partner) (rate(fulfillment_webhook_attempts_total{outcome="timeout"}[1m]))`, start: '30m', step: '15s' }, { result: rangeResult('fulfillment_webhook_attempts_total', i) });
  j.call('logs_search', { query: 'timed out', services: [service], since: '30m', limit: 12 }, { result: { query: 'timed out', total: 240 + i, byService: { [service]: 240 + i }, matches: logMatches(service, i) } });
  j.call('kubectl_logs', { pod: `${service}-5f7c9-abcde`, tail: 12 }, { result: { pod: `${service}-5f7c9-abcde`, lines: logMatches(service, i).map((m) => m.line) } });
  j.call('kubectl_get_pods', {}, { result: { pods: SERVICES.map((s, k) => ({ name: `${s}-5f7c9-${k}abcd`, deployment: s, ready: true, restarts: (i + k) % 3, status: 'Running', startedAt: INJECTED_AT })) } });
  const pool = j.say(`@alicia could it be the orders connection pool? waiting is at ${10 + (i % 5)}`, 'question');
  j.call('prometheus_query', { query: 'max(orders_pool_in_use)' }, { caller: COWORKER_LOOKUP, result: { resultType: 'vector', result: [{ metric: {}, value: [1_800_000_000 + i, '10'] }] } });
  j.reply(pool, 'alicia', 'symptom', 'The pool is saturated, but it only started a couple of minutes ago, right after a deploy.');
  j.call('jira_get_issue', { key: i % 2 === 0 ? 'ORD-238' : 'PERF-812' }, { result: { key: i % 2 === 0 ? 'ORD-238' : 'PERF-812', summary: 'fail fast on slow partners', status: 'Done', comments: [{ author: 'dan', body: 'partnerTimeoutMs 10000 → 1500; sendIdempotencyKey false for now' }] } });
  j.call('git_recent_commits', { limit: 10 }, { result: { commits: Array.from({ length: 10 }, (_, n) => ({ short: `a1b2c${n}d`, author: pick(['dan', 'kevin', 'alicia'], n), subject: n === 0 ? 'PERF-812 fulfillment: fail fast on slow partners' : `chore: tidy ${pick(SERVICES, n)}`, at: INJECTED_AT })) } });
  j.call('wiki_search', { query: 'partner webhooks retries', limit: 5 }, { result: { results: Array.from({ length: 5 }, (_, n) => ({ id: `WIKI-${n}`, title: `Runbook ${n}: partner webhooks`, excerpt: 'Retries must carry the Idempotency-Key, or partners ship twice.' })) } });
  j.call('slack_read_channel', { channel: 'incidents', limit: 20 }, { result: { messages: Array.from({ length: 20 }, (_, n) => ({ user: pick(['dan', 'kevin', 'alicia', 'pager'], n), text: `update ${i}.${n}: still 503 on checkout`, ts: `${1_800_000_000 + n}.000100` })) } });
  j.call('prometheus_query', { query: 'max(seating_duplicate_seat_assignments)' }, { result: { resultType: 'vector', result: [{ metric: {}, value: [1_800_000_000 + i, '3'] }] } });
  j.call('featureflags_list', {}, { ok: i % 7 !== 3, result: { flags: [{ name: 'fulfillmentDispatchPaused', defaultVariant: 'off' }, { name: 'checkoutV2', defaultVariant: 'on' }] } });
  j.say(`Status: storefront 503 for ${i} min; orders pool saturated but looks like a symptom; checking fulfillment next`, 'status');
  const theory = j.say('@dan I think PERF-812 is the root cause: partnerTimeoutMs 1500 and retries without the Idempotency-Key', 'theory');
  j.reply(theory, 'dan', i % 3 === 0 ? 'challenged' : 'confirmed', 'Yes, that matches: timeouts and retries since my deploy, and partners report duplicates.');
  j.game(i % 2 === 0 ? 'nudge' : 'process', { who: 'claude', rule: 'two-sources', ...(i % 2 === 0 ? {} : { outcome: 'kept' as const }), text: 'two sources agree before a fix' });
  j.post(`:warning: StorefrontBreakerOpen still firing (${i})`);
}

/**
 * A storefront-offline game of `count` entries, shaped like one the desk really journals:
 * the bot's `prepared` entry naming the injection, the page, rounds of lookups, messages and
 * verdicts, then an approved rollback. The clock moves a second an entry.
 */
export function synthesizeGame(count: number): JournalEntry[] {
  const j = reportJournal(INJECTED_AT, 1);
  j.game('prepared', { text: `game prepared: ${SYNTH_SCENARIO}, injected at ${INJECTED_AT}` });
  j.game('page', { text: 'Storefront is offline: StorefrontBreakerOpen' });
  const closing = 4;
  for (let i = 0; j.entries.length < count - closing; i += 1) round(j, i);
  j.entries.length = Math.min(j.entries.length, count - closing);
  const fix = j.say('@kevin I want to roll back fulfillment (revert PERF-812) — ok?', 'fix');
  j.reply(fix, 'kevin', 'approved', 'Go ahead with the rollback.', { fix: 'revert PERF-812', targets: ['fulfillment'] });
  j.call('deploy_rollback', { service: 'fulfillment', reason: 'PERF-812' }, { result: { service: 'fulfillment', rolledBack: true } });
  j.say('Status: rolled back fulfillment; the breaker closed and the storefront answers 200', 'status');
  return j.entries;
}
