import type { Fact, FactSource, FactTopic } from './types.js';
import { LookupError, scalar, type Lookups } from './lookups.js';

const clock = (ms: number) => `${new Date(ms).toISOString().slice(11, 19)} UTC`;
const day = (ms: number) => `${new Date(ms).toUTCString().slice(0, 3)} ${clock(ms)}`;
const pct = (x: number) => `${Math.round(x * 100)}%`;
const rate = (x: number) => `${x.toFixed(x >= 10 ? 0 : 2)}/s`;
const ago = (ms: number) => {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`;
};

interface Run { service: string; status: string; author: string; subject: string; startedAt: string; commit: string }
interface Flag { name: string; defaultVariant: string; lastChange: { date?: string; author?: string; subject?: string } | null }
interface Resource { address: string; changed_at: string | null; change: string | null }

export interface FactClock {
  now(): Date;
  /** When the game's scenario was injected; windows start a little before it. */
  injectedAt(): Date | undefined;
}

/**
 * Every fact a coworker can look up, each read from the running lab at the moment it is
 * asked: partners' ground truth, the deploy pipeline, terraform state, flags, Prometheus,
 * logs. A lookup that fails is said as such — a coworker never makes a number up.
 */
export function createFactSource(look: Lookups, time: FactClock): FactSource {
  const now = () => time.now().getTime();
  // Where "since the trouble started" begins: a little before injection, else the last half hour.
  const windowStart = () => (time.injectedAt()?.getTime() ?? now() - 30 * 60_000) - 5 * 60_000;
  const recentDeploys = async (): Promise<Run[]> => {
    const { runs } = await look.tool<{ runs: Run[] }>('ci_list_runs', { limit: 20 });
    return runs.filter((r) => Date.parse(r.startedAt) >= now() - 24 * 3600_000);
  };

  const facts: Record<FactTopic, () => Promise<Fact>> = {
    async duplicates() {
      const truth = await look.groundTruth();
      const perPartner = Object.fromEntries(Object.entries(truth.partners).map(([p, t]) => [p, t.duplicateShipments]));
      const list = Object.entries(perPartner).map(([p, n]) => `${p} ${n}`).join(', ');
      const total = truth.totals.duplicateShipments;
      const summary = total === 0
        ? `No duplicate shipments on the partners' side: ${list} (${truth.totals.shipments} shipments, every batch once).`
        : `Partners shipped ${total} batches more than once — ${list} — ${truth.totals.duplicateItems} extra items, out of ${truth.totals.shipments} shipments.`;
      return { topic: 'duplicates', summary, data: { perPartner, total, items: truth.totals.duplicateItems, shipments: truth.totals.shipments } };
    },
    async deploys() {
      const runs = await recentDeploys();
      const lines = runs.slice(0, 6).map((r) => `• ${clock(Date.parse(r.startedAt))} ${r.service} by ${r.author}: "${r.subject}" (${r.status})`);
      const summary = runs.length === 0 ? 'No deploys in the last 24 hours.' : `Deploys in the last 24 hours, newest first:\n${lines.join('\n')}`;
      return { topic: 'deploys', summary, data: { runs } };
    },
    async infra() {
      const { resources } = await look.tool<{ resources: Resource[] }>('terraform_list_resources', { limit: 10 });
      const week = resources.filter((r) => r.changed_at !== null && r.change !== null && Date.parse(r.changed_at) >= now() - 7 * 24 * 3600_000);
      const lines = week.slice(0, 4).map((r) => `• ${day(Date.parse(r.changed_at ?? ''))} ${r.address}: ${r.change ?? ''}`);
      const deploys = await recentDeploys();
      const latest = deploys[0];
      const summary = [
        week.length === 0 ? 'No infra changes this week.' : `Infra changes this week:\n${lines.join('\n')}`,
        latest ? `Latest app deploy: ${latest.service} at ${clock(Date.parse(latest.startedAt))} by ${latest.author} ("${latest.subject}").` : '',
      ].filter(Boolean).join('\n');
      return { topic: 'infra', summary, data: { changes: week, latestDeploy: latest ?? null } };
    },
    async pool() {
      const busy = scalar(await look.instant('sum(rate(orders_pool_busy_seconds_total[1m])) / max(orders_pool_size)'));
      const exhausted = scalar(await look.instant('sum(increase(orders_pool_exhausted_total[5m]))'));
      const since = await look.firstAtLeast('sum(rate(orders_pool_busy_seconds_total[1m])) / max(orders_pool_size)', windowStart(), 0.9);
      const deploy = (await recentDeploys()).find((r) => since !== undefined && Date.parse(r.startedAt) <= since);
      const when = since === undefined ? 'It has not been saturated in this window.'
        : `Saturated since ${clock(since)}${deploy ? `, ${ago(since - Date.parse(deploy.startedAt))} after the ${deploy.service} deploy at ${clock(Date.parse(deploy.startedAt))} ("${deploy.subject}")` : ''}.`;
      const summary = `The orders pool is ${pct(busy)} busy; ${Math.round(exhausted)} requests waited for a connection in the last 5 min. ${when}`;
      return { topic: 'pool', summary, data: { busy, exhausted, saturatedSince: since ?? null, deployBefore: deploy ?? null } };
    },
    async breaker() {
      const open = scalar(await look.instant('max(storefront_breaker_state{state="open"}) or vector(0)'));
      const firstOpen = await look.firstAtLeast('max(storefront_breaker_state{state="open"})', windowStart(), 1);
      const summary = `The storefront breaker to orders is ${open === 1 ? 'open' : 'closed'} now${firstOpen !== undefined ? `; it first opened at ${clock(firstOpen)}` : ' and has not opened in this window'}.`;
      return { topic: 'breaker', summary, data: { open: open === 1, firstOpen: firstOpen ?? null } };
    },
    async webhooks() {
      const byOutcome = await look.instant('sum by (outcome) (rate(fulfillment_webhook_attempts_total[2m]))');
      const retries = scalar(await look.instant('sum(rate(fulfillment_webhook_retries_total[2m])) or vector(0)'));
      const outcomes = Object.fromEntries(byOutcome.map((s) => [s.metric.outcome ?? '?', Number(s.value?.[1] ?? 0)]));
      const firstTimeout = await look.firstAtLeast('sum(rate(fulfillment_webhook_attempts_total{outcome="timeout"}[1m]))', windowStart(), 0.01);
      const list = Object.entries(outcomes).map(([o, r]) => `${o} ${rate(r)}`).join(', ') || 'none';
      const summary = `Partner webhook attempts (last 2 min): ${list}; retries ${rate(retries)}.${firstTimeout !== undefined ? ` Timeouts started at ${clock(firstTimeout)}.` : ''}`;
      return { topic: 'webhooks', summary, data: { outcomes, retries, firstTimeout: firstTimeout ?? null } };
    },
    async backlog() {
      const lag = scalar(await look.instant('sum(fulfillment_stream_lag) or vector(0)'));
      const pending = scalar(await look.instant('sum(fulfillment_pending_deliveries) or vector(0)'));
      const paused = scalar(await look.instant('max(fulfillment_dispatch_paused) or vector(0)'));
      const summary = `Fulfillment backlog: ${Math.round(lag)} batches not yet read from the stream, ${Math.round(pending)} delivered but unacknowledged; dispatch is ${paused === 1 ? 'PAUSED' : 'running'}.`;
      return { topic: 'backlog', summary, data: { lag, pending, paused: paused === 1 } };
    },
    async flags() {
      const { flags } = await look.tool<{ flags: Flag[] }>('featureflags_list', {});
      const lines = flags.map((f) => `• ${f.name}: ${f.defaultVariant}${f.lastChange?.date ? ` (last changed ${day(Date.parse(f.lastChange.date))}${f.lastChange.author ? ` by ${f.lastChange.author}` : ''})` : ''}`);
      return { topic: 'flags', summary: `Flags right now:\n${lines.join('\n')}`, data: { flags: Object.fromEntries(flags.map((f) => [f.name, f.defaultVariant])) } };
    },
    async alerts() {
      const firing = await look.instant('ALERTS{alertstate="firing"}');
      const names = [...new Set(firing.map((s) => `${s.metric.alertname ?? '?'}${s.metric.service ? ` (${s.metric.service})` : ''}`))];
      return { topic: 'alerts', summary: names.length === 0 ? 'Nothing is firing.' : `Firing now: ${names.join(', ')}.`, data: { firing: names } };
    },
    async seating() {
      const seats = scalar(await look.instant('max(seating_duplicate_seat_assignments) or vector(0)'));
      const first = await look.firstAtLeast('max(seating_duplicate_seat_assignments)', now() - 6 * 3600_000, 1);
      const summary = seats === 0 ? 'The seat audit finds no double-booked seats right now.'
        : `The seat audit shows ${seats} double-booked seats${first !== undefined ? `, flagged since ${clock(first)} (${ago(now() - first)} ago)` : ''}; that is the old assignment race, and seating is not on the storefront's path.`;
      return { topic: 'seating', summary, data: { duplicates: seats, since: first ?? null } };
    },
    async clock() {
      const { lines } = await look.tool<{ lines: string[] }>('kubectl_logs', { pod: 'seating', tail: 5 });
      const stamps = lines.map((l) => /"time":"([^"]+)"/.exec(l)?.[1]).filter((t): t is string => t !== undefined);
      const newest = stamps.at(-1);
      if (!newest) return { topic: 'clock', summary: 'seating has not logged anything just now, so I cannot compare its clock.', data: {} };
      const skewMs = Date.parse(newest) - now();
      const offset = /([+-]\d\d:\d\d)$/.exec(newest)?.[1] ?? 'Z';
      const summary = `seating logs in local time (UTC${offset === 'Z' ? '' : offset}) and its clock runs about ${Math.round(skewMs / 1000)} s ${skewMs >= 0 ? 'ahead' : 'behind'}: its last line says ${newest}. The other services log UTC from a synced clock.`;
      return { topic: 'clock', summary, data: { skewMs, offset, newest } };
    },
    async orders() {
      const created = scalar(await look.instant('sum(rate(orders_created_total[5m])) or vector(0)'));
      const before = scalar(await look.instant('sum(rate(orders_created_total[5m] offset 15m)) or vector(0)'));
      const summary = `Orders are being created at ${rate(created)} (15 min ago: ${rate(before)}).`;
      return { topic: 'orders', summary, data: { rate: created, rate15mAgo: before } };
    },
  };

  return async (topic) => {
    try {
      return await facts[topic]();
    } catch (err) {
      const why = err instanceof LookupError ? err.message : (err as Error).message;
      return { topic, summary: `I tried to look up ${topic} but could not: ${why}.`, data: { error: why } };
    }
  };
}
