import { formatLogTime } from '../../services/kit/logger.js';
import { COWORKER_LOOKUP, reportJournal, submission } from './report-fixture.js';
import type { IncidentReport } from './types.js';

/** A pino line as a lab service writes it; `clock` skews and offsets its time as seating's host does. */
export function logLine(service: string, realMs: number, msg: string, clock: { skewMs: number; utcOffsetMinutes: number } = { skewMs: 0, utcOffsetMinutes: 0 }, extra: Record<string, unknown> = {}): string {
  const time = formatLogTime(realMs + clock.skewMs, clock.utcOffsetMinutes);
  return JSON.stringify({ level: 'warn', time, service, pid: 4242, ...extra, msg });
}

export const SEATING_CLOCK = { skewMs: 97_000, utcOffsetMinutes: 60 };
/** When seating really logged the line the game's kubectl_logs call reads. */
export const SEATING_LINE_AT = Date.parse('2026-11-30T08:05:00.000Z');
export const ORDERS_LINE_AT = Date.parse('2026-11-30T08:04:30.000Z');

/** Three reports on storefront-offline, from wrong to right. */
export const OFFLINE_REPORTS: Record<'pool' | 'partial' | 'full', IncidentReport> = {
  pool: submission({ component: 'orders', change: 'the orders connection pool too small (ORD-238)', mechanism: 'orders connection pool too small: requests queue, storefront trips its breaker' }),
  partial: submission({ component: 'fulfillment', change: 'PERF-812', mechanism: 'PERF-812 made fulfillment time out on slow partners, and the retries overloaded orders' }),
  full: submission({
    component: 'fulfillment',
    change: 'PERF-812: partnerTimeoutMs 10000 → 1500 and sendIdempotencyKey false',
    mechanism: 'Partners ack after 1-4 s, so webhooks time out at 1.5 s after the partner took the batch; retries go out without the Idempotency-Key, partners cannot dedupe and ship again; every attempt hits orders, its pool saturates and the storefront breaker opens.',
  }),
};

/**
 * A storefront-offline game as a careful investigator plays it: paged, the pool and the
 * seating herrings looked at and set aside with a coworker, PERF-812 confirmed by dan, the
 * rollback approved by kevin, status updates along the way, then the report.
 */
export function storefrontGame(opts: { report?: IncidentReport; trapFirst?: boolean } = {}) {
  const j = reportJournal();
  j.game('prepared', { text: 'storefront-offline prepared' });
  j.advance(220);
  j.game('page', { text: 'Storefront is offline: StorefrontBreakerOpen' });
  j.post(':rotating_light: *Storefront is offline* — StorefrontBreakerOpen fired');
  j.call('pagerduty_list_incidents', {}, { result: { incidents: [{ id: 'P1', title: 'StorefrontBreakerOpen', status: 'triggered' }] } });
  const pool = j.say('@alicia could it be the connection pool?', 'question');
  j.call('prometheus_query', { query: 'orders_pool_size' }, { caller: COWORKER_LOOKUP, result: { value: 10 } });
  j.reply(pool, 'alicia', 'symptom', 'The pool is saturated, but it only started a couple of minutes ago, right after a deploy.');
  j.call('logs_search', { query: 'pool exhausted', services: ['orders'] }, {
    result: { query: 'pool exhausted', total: 1, byService: { orders: 1 }, matches: [{ service: 'orders', line: logLine('orders', ORDERS_LINE_AT, 'pool exhausted', undefined, { waiting: 14 }) }] },
  });
  j.call('jira_get_issue', { id: 'ORD-238' }, { result: { key: 'ORD-238', summary: 'orders pool too small under load?' } });
  j.call('kubectl_logs', { pod: 'seating-5f7c9-abcde', tail: 2 }, {
    result: { pod: 'seating-5f7c9-abcde', lines: [logLine('seating', SEATING_LINE_AT - 30_000, 'seat audit started', SEATING_CLOCK), logLine('seating', SEATING_LINE_AT, 'double-booked seat found', SEATING_CLOCK, { seat: '12F' })] },
  });
  j.call('prometheus_query', { query: 'max(seating_duplicate_seat_assignments)' }, { result: { value: 3 } });
  j.say('Status: storefront 503, orders pool saturated but it looks like a symptom; seating unrelated; checking recent deploys next', 'status');
  j.call('git_recent_commits', { limit: 10 }, { result: { commits: [{ short: 'a1b2c3d', author: 'dan', subject: 'PERF-812 fulfillment: fail fast on slow partners' }] } });
  j.call('jira_get_issue', { id: 'PERF-812' }, { result: { key: 'PERF-812', summary: 'fail fast on slow partners' } });
  const theory = j.say('@dan I think PERF-812 is the root cause: partnerTimeoutMs 1500 and retries without the Idempotency-Key', 'theory');
  j.reply(theory, 'dan', 'confirmed', 'Yes, that matches: timeouts and retries since my deploy, and partners report duplicates.');
  if (opts.trapFirst) j.call('kubectl_rollout_restart', { deployment: 'storefront' }, { result: { deployment: 'storefront', restarts: 1 } });
  const fix = j.say('@kevin I want to roll back fulfillment (revert PERF-812) — ok?', 'fix');
  j.reply(fix, 'kevin', 'approved', 'Go ahead with the rollback.', { fix: 'revert PERF-812', targets: ['fulfillment'] });
  const rollback = j.call('deploy_rollback', { service: 'fulfillment', reason: 'PERF-812' }, { result: { service: 'fulfillment', rolledBack: true } });
  j.say('Status: rolled back fulfillment; the breaker closed and the storefront answers 200', 'status');
  const report = opts.report;
  const submitted = report ? j.call('incident_submit_report', report, { result: { received: true, by: 'claude', report } }) : undefined;
  return { j, rollback, submitted };
}

/** A forgotten-kill-switch game: the flag found, dan confirms and approves, dispatch resumed. */
export function killSwitchGame(report: IncidentReport) {
  const j = reportJournal();
  j.game('prepared', { text: 'forgotten-kill-switch prepared' });
  j.game('page', { text: 'Orders are not shipping' });
  j.call('featureflags_list', {}, { result: { flags: [{ name: 'fulfillmentDispatchPaused', defaultVariant: 'on' }] } });
  j.call('prometheus_query', { query: 'sum(fulfillment_stream_lag)' }, { result: { value: 212 } });
  const theory = j.say('@dan I think the root cause is the dispatch kill switch left on after the maintenance window (FUL-170)', 'theory');
  j.reply(theory, 'dan', 'confirmed', 'Oh no, I forgot to turn it off after acme\'s window.');
  const fix = j.say('@dan I want to resume dispatch: set fulfillmentDispatchPaused off — ok?', 'fix');
  j.reply(fix, 'dan', 'approved', 'Yes please.', { fix: 'resume dispatch', targets: ['fulfillment', 'fulfillmentDispatchPaused'] });
  const change = j.call('featureflags_set', { flag: 'fulfillmentDispatchPaused', variant: 'off' }, { result: { flag: 'fulfillmentDispatchPaused', defaultVariant: 'off' } });
  j.say('Status: dispatch resumed, backlog draining', 'status');
  const submitted = j.call('incident_submit_report', report, { result: { received: true, by: 'claude', report } });
  return { j, change, submitted };
}
