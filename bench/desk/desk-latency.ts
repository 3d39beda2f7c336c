import { figure, type BenchContext, type Figure } from '../results.js';
import { FAMILY_CALLS, REFERENCE_PROMQL, type FamilyCall } from './families.js';
import { closedLoop, createKeepAliveClient, pacedLoop, type LoadRun } from './load.js';
import { ms, summarize } from './stats.js';

export const CALLERS = 20;
/** An agent's turn between tool calls: reading the answer, deciding the next call. */
export const THINK_MS = 500;
const COMMAND = 'make bench ONLY=lab';
const FIXTURE_P95_MS = 20;
const PROMETHEUS_RATIO = 2;
/** How the bench's calls show in the desk's journal: a plain HTTP client named bench. */
const CALLER_HEADERS = { 'x-firedrill-caller': 'http:bench', 'x-firedrill-via': 'bench' };
/** One family per backing: all that QUICK=1 measures, and what is measured back to back for the desk's capacity. */
const ONE_PER_BACKING = ['prometheus', 'jira', 'kubectl'];

type Call = () => Promise<void>;

/**
 * Untimed calls first: the first call of a family pays for loading its code and data once
 * (the world's YAML takes about 0.5 s), which 20 callers would otherwise all queue behind.
 */
async function warm(call: Call): Promise<void> {
  await closedLoop(4, 500, call);
}

function describeRun(run: LoadRun, how: string): string {
  const calls = run.latencies.length;
  const s = calls > 0 ? summarize(run.latencies) : undefined;
  const errors = run.errors > 0 ? `; ${run.errors} errors, first: ${run.firstError ?? '?'}` : '';
  return `${how}: ${calls} calls in ${run.seconds.toFixed(1)} s (${Math.round(calls / run.seconds)}/s)${s ? `, p50 ${ms(s.p50)} ms, p99 ${ms(s.p99)} ms` : ''}${errors}`;
}

/** An erroring run is reported with its errors, never as a clean latency: its p95 would time the error path. */
const p95Of = (run: LoadRun) => (run.errors > 0 || run.latencies.length === 0 ? undefined : summarize(run.latencies).p95);

function familyFigures(family: string, call: FamilyCall, run: LoadRun, directP95: number | undefined): Figure[] {
  const base = { section: 'desk' as const, command: COMMAND, unit: 'ms' };
  const p95 = p95Of(run);
  const note = `${call.tool} ${JSON.stringify(call.args)}, ${call.backing}-backed; ${describeRun(run, `${CALLERS} agents`)}`;
  const out = [figure({
    ...base, name: `${family} (${call.backing}) p95`, value: p95 === undefined ? null : ms(p95), note: p95 === undefined ? `not measured: ${note}` : note,
    ...(call.backing === 'fixture' ? { goal: { op: '<' as const, value: FIXTURE_P95_MS, text: '< 20 ms' } } : {}),
  })];
  if (call.backing === 'prometheus') {
    out.push(figure({
      ...base, name: `${family} p95 / direct Prometheus p95`, value: p95 === undefined || directP95 === undefined ? null : Math.round((p95 / directP95) * 100) / 100, unit: '×',
      goal: { op: '<=', value: PROMETHEUS_RATIO, text: '≤ 2× direct' },
      note: `direct p95 ${directP95 === undefined ? 'not measured' : `${ms(directP95)} ms`} for ${REFERENCE_PROMQL}${family === 'prometheus' ? '' : ` (${call.tool} sends its own query, translated from its args)`}`,
    }));
  }
  return out;
}

/**
 * Section 4: each read family's latency through the desk's HTTP transport with 20 agents
 * calling at once (each thinking ~0.5 s between calls), the same PromQL sent straight to
 * Prometheus as the reference, and, for one family per backing, the desk's capacity with
 * 20 callers back to back. Every desk call is journaled with an fsync, as in a game.
 */
export async function runDeskLatency(ctx: BenchContext, lab: { deskUrl: string; prometheusUrl: string }): Promise<Figure[]> {
  const durationMs = ctx.quick ? 1_000 : 6_000;
  const families = Object.entries(FAMILY_CALLS).filter(([family]) => !ctx.quick || ONE_PER_BACKING.includes(family));
  const desk = createKeepAliveClient(lab.deskUrl, CALLERS);
  const prom = createKeepAliveClient(lab.prometheusUrl, CALLERS);
  const deskCall = (call: FamilyCall): Call => async () => {
    const body = JSON.parse(await desk.post(`/tools/${call.tool}`, call.args, CALLER_HEADERS)) as { ok?: boolean };
    if (body.ok !== true) throw new Error(`${call.tool} answered ok: ${String(body.ok)}`);
  };
  const path = `/api/v1/query?${new URLSearchParams({ query: REFERENCE_PROMQL }).toString()}`;
  const directCall: Call = async () => {
    const body = JSON.parse(await prom.get(path)) as { status?: string };
    if (body.status !== 'success') throw new Error(`Prometheus answered status ${body.status ?? '?'}`);
  };
  const figures: Figure[] = [];
  try {
    ctx.progress(`direct Prometheus query, ${CALLERS} agents, ${durationMs / 1000} s`);
    await warm(directCall);
    const direct = await pacedLoop(CALLERS, durationMs, THINK_MS, directCall);
    const directP95 = p95Of(direct);
    figures.push(figure({ section: 'desk', name: 'direct Prometheus query p95 (reference)', value: directP95 === undefined ? null : ms(directP95), unit: 'ms', command: COMMAND, note: `GET /api/v1/query ${REFERENCE_PROMQL}; ${describeRun(direct, `${CALLERS} agents`)}` }));
    for (const [family, call] of families) {
      ctx.progress(`${family} (${call.tool}, ${call.backing}), ${CALLERS} agents, ${durationMs / 1000} s`);
      await warm(deskCall(call));
      figures.push(...familyFigures(family, call, await pacedLoop(CALLERS, durationMs, THINK_MS, deskCall(call)), directP95));
    }
    for (const family of ctx.quick ? [] : ONE_PER_BACKING) {
      const call = FAMILY_CALLS[family];
      if (!call) continue;
      ctx.progress(`${family} back to back, ${CALLERS} callers, ${durationMs / 1000} s`);
      const run = await closedLoop(CALLERS, durationMs, deskCall(call));
      const p95 = p95Of(run);
      figures.push(figure({
        section: 'desk', name: `${family} p95, ${CALLERS} callers back to back`, value: p95 === undefined ? null : ms(p95), unit: 'ms', command: COMMAND,
        note: `the desk's capacity (one event loop; a call waits for the ${CALLERS - 1} ahead of it); ${describeRun(run, 'back to back')}`,
      }));
    }
  } finally {
    desk.close();
    prom.close();
  }
  return figures;
}
