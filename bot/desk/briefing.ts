import { createJournal as createChaosJournal } from '../../chaos/runner/journal.js';
import { loadScenario } from '../../chaos/scenario/load.js';
import type { DeskSources } from './sources.js';

export interface Briefing {
  scenario: string | undefined;
  title: string | undefined;
  run: string | undefined;
  injectedAt: string | undefined;
  channel: string;
  text: string;
  /** The times the page's placeholders were filled from (ISO), when they have happened. */
  times: Record<string, string>;
}

const NONE = 'No scenario is injected into this lab right now. Start one with `make chaos` (or `npx firedrill chaos inject <scenario>`).';

const HOW = `
You are the on-call engineer. Investigate with the desk's tools, confirm your theory with a
coworker in Slack (slack_post_message) and with data from two tools before changing anything,
ask for review before a fix, post status updates in #incidents, fix it for real, then submit
your incident report with incident_submit_report.`;

const clock = (ms: number) => `${new Date(ms).toISOString().slice(11, 19)} UTC`;

/** When the storefront's breaker first showed open after `from`, from Prometheus's own record. */
async function firstOpen(prometheusUrl: string, from: number, to: number): Promise<number | undefined> {
  // The breaker may stay open for less than a step before it half-opens: look over each whole step, not at its edge.
  const params = new URLSearchParams({ query: 'max(max_over_time(storefront_breaker_state{state="open"}[5s]))', start: String(from / 1000), end: String(to / 1000), step: '5s' });
  const res = await fetch(`${prometheusUrl}/api/v1/query_range?${params.toString()}`, { signal: AbortSignal.timeout(5000) });
  const body = (await res.json()) as { data?: { result?: Array<{ values: Array<[number, string]> }> } };
  const hit = body.data?.result?.[0]?.values.find(([, v]) => v === '1');
  return hit ? hit[0] * 1000 : undefined;
}

/** When the pager opened its first incident for `alert` after `from`. */
async function firstPage(pagerUrl: string, alert: string | undefined, from: number): Promise<number | undefined> {
  if (!alert) return undefined;
  const res = await fetch(`${pagerUrl}/incidents`, { signal: AbortSignal.timeout(5000) });
  const body = (await res.json()) as { incidents?: Array<{ createdAt: string; groupKey: string }> };
  const times = (body.incidents ?? []).filter((i) => i.groupKey.includes(`alertname="${alert}"`))
    .map((i) => Date.parse(i.createdAt)).filter((t) => t >= from).sort((a, b) => a - b);
  return times[0];
}

/**
 * The page the investigator starts from: the injected scenario's briefing with its
 * {{placeholders}} filled from what really happened (the breaker's first open in
 * Prometheus, the pager's first incident), "(not yet)" where it has not happened yet.
 */
export async function currentBriefing(sources: Pick<DeskSources, 'root' | 'stateDir' | 'prometheusUrl' | 'pagerUrl'>, now: Date): Promise<Briefing> {
  const runs = createChaosJournal(sources.stateDir).read().filter((r) => r.type === 'run');
  const run = runs.at(-1);
  if (!run || run.type !== 'run') return { scenario: undefined, title: undefined, run: undefined, injectedAt: undefined, channel: 'incidents', text: NONE, times: {} };
  const { scenario } = loadScenario(sources.root, run.scenario);
  const from = Date.parse(run.at);
  const facts: Record<string, number | undefined> = {
    breakerOpenedAt: await firstOpen(sources.prometheusUrl, from, now.getTime()).catch(() => undefined),
    alertFiredAt: await firstPage(sources.pagerUrl, scenario.briefing.alert, from).catch(() => undefined),
  };
  const page = scenario.briefing.page.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => {
    const t = facts[key];
    return t === undefined ? '(not yet)' : clock(t);
  });
  return {
    scenario: scenario.name, title: scenario.title, run: run.run, injectedAt: run.at, channel: scenario.briefing.channel,
    text: `${page}\n${HOW}`,
    times: Object.fromEntries(Object.entries(facts).flatMap(([k, t]) => (t === undefined ? [] : [[k, new Date(t).toISOString()]]))),
  };
}
