import { figure, type BenchContext, type Figure } from '../results.js';
import { loadFailure, runLoad, type LoadResult } from './load.js';
import { BENCH_ROUTES, BENCH_SHOPPER, type BenchRoute } from './routes.js';
import { BENCH_STORE_LATENCY_MS, startStack, type Stack } from './stack.js';

const COMMAND = 'make bench ONLY=overhead';
const CONNECTIONS = 10;
const LOSS_GOAL = { op: '<=', value: 15, text: '≤ 15 %' } as const;
const BARE_OMITS = 'the bare express apps serve the same routes with the same domain code (store, pool, cart view, catalog cache, orders client, pages) '
  + 'but no request context, pino logs, metrics, tracing, breaker, flags or error reports';

type Which = 'kit' | 'bare';
type Outcome = { result: LoadResult; failure?: string } | { error: string };

function timings(quick: boolean): { warmupSec: number; durationSec: number } {
  return quick ? { warmupSec: 1, durationSec: 2 } : { warmupSec: 2, durationSec: 10 };
}

async function measure(ctx: BenchContext, stack: Stack, route: BenchRoute, which: Which): Promise<Outcome> {
  const { warmupSec, durationSec } = timings(ctx.quick);
  const side = which === 'kit' ? stack.kit : stack.bare;
  const request = route.request(side, which);
  ctx.progress(`${route.label} / ${which === 'kit' ? 'full kit' : 'bare express'}, ${CONNECTIONS} connections, ${warmupSec} s warm-up + ${durationSec} s ...`);
  try {
    // Warm-up: JIT, the catalog cache, keep-alive sockets to orders. Its figures are dropped.
    await runLoad(ctx.root, { ...request, connections: CONNECTIONS, durationSec: warmupSec });
    const result = await runLoad(ctx.root, { ...request, connections: CONNECTIONS, durationSec });
    const failure = loadFailure(result);
    return failure ? { result, failure } : { result };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

function valueOf(o: Outcome, pick: (r: LoadResult) => number): { value: number | null; why?: string } {
  if ('error' in o) return { value: null, why: `not measured: ${o.error}` };
  if (o.failure) return { value: null, why: `run failed: ${o.failure}` };
  return { value: Math.round(pick(o.result) * 10) / 10 };
}

function routeFigures(route: BenchRoute, kit: Outcome, bare: Outcome, context: string): Figure[] {
  const f = (name: string, unit: string, v: { value: number | null; why?: string }, note: string, goal?: typeof LOSS_GOAL) =>
    figure({ section: 'overhead', name: `${route.label} — ${name}`, value: v.value, unit, command: COMMAND, note: v.why ? `${v.why}; ${note}` : note, ...(goal ? { goal: { ...goal } } : {}) });
  const kitRps = valueOf(kit, (r) => r.reqPerSec);
  const bareRps = valueOf(bare, (r) => r.reqPerSec);
  const loss = kitRps.value !== null && bareRps.value !== null && bareRps.value > 0
    ? { value: Math.round(((bareRps.value - kitRps.value) / bareRps.value) * 1000) / 10 }
    : { value: null, why: kitRps.why ?? bareRps.why ?? 'bare express served nothing' };
  return [
    f('full kit', 'req/s', kitRps, context),
    f('bare express', 'req/s', bareRps, BARE_OMITS),
    f('throughput loss', '%', loss, '(bare − kit) / bare, from the two rows above', LOSS_GOAL),
    f('p99 full kit', 'ms', valueOf(kit, (r) => r.p99Ms), context),
    f('p99 bare express', 'ms', valueOf(bare, (r) => r.p99Ms), 'same load as the full kit'),
  ];
}

async function seed(stack: Stack): Promise<void> {
  // The home page's badge reads this cart: two items, so orders prices a real cart on every view.
  const res = await fetch(`${stack.kit.orders}/carts/${BENCH_SHOPPER}/items`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sku: 'MUG-01', qty: 2 }),
  });
  if (!res.ok) throw new Error(`seeding the shopper's cart failed: ${res.status} ${await res.text()}`);
}

/**
 * Section 3, shop overhead: each route's throughput and p99 with the full kit against bare
 * express, both as processes from dist/ on one private Redis, loaded by autocannon in its
 * own process with the same connections and duration, kit and bare alternating first.
 */
export async function runOverhead(ctx: BenchContext): Promise<Figure[]> {
  const { durationSec, warmupSec } = timings(ctx.quick);
  let stack: Stack;
  try {
    stack = await startStack(ctx.root, ctx.workDir);
  } catch (err) {
    const failed: Outcome = { error: `the services did not start: ${(err as Error).message}` };
    return BENCH_ROUTES.flatMap((route) => routeFigures(route, failed, failed, ''));
  }
  const figures: Figure[] = [];
  try {
    await seed(stack);
    for (const [i, route] of BENCH_ROUTES.entries()) {
      // Alternate who goes first, so neither side always meets the warmer (or busier) machine.
      const order: Which[] = i % 2 === 0 ? ['kit', 'bare'] : ['bare', 'kit'];
      const outcomes: Partial<Record<Which, Outcome>> = {};
      for (const which of order) outcomes[which] = await measure(ctx, stack, route, which);
      const context = `${CONNECTIONS} connections, ${durationSec} s after ${warmupSec} s warm-up, autocannon 9 in its own process (k6 is not wired in); `
        + `store latency ${BENCH_STORE_LATENCY_MS} ms and pool of 4 on both sides; kit at log level info with spans exported`;
      figures.push(...routeFigures(route, outcomes.kit ?? { error: 'not run' }, outcomes.bare ?? { error: 'not run' }, context));
    }
  } finally {
    await stack.stop();
  }
  const spans = stack.spans();
  figures.push(figure({
    section: 'overhead', name: 'spans exported by the full kit', value: spans.spans, unit: 'spans', command: COMMAND,
    note: `received by the bench's OTLP sink in ${spans.exports} exports (${spans.uncounted} not countable), ${spans.errorReports} error reports; proves tracing was on`,
  }));
  return figures;
}
