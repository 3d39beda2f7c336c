import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../chaos/scenario/load.js';
import type { Scenario } from '../../../chaos/scenario/schema.js';
import { repoRoot } from '../../../lab/paths.js';
import { respond } from './respond.js';
import type { EngineContext, Fact, FactTopic, Incoming } from './types.js';

const root = repoRoot();
const offline = loadScenario(root, 'storefront-offline').scenario;
const killSwitch = loadScenario(root, 'forgotten-kill-switch').scenario;

// The facts are inputs here: the engine must quote them, never make figures up.
const summaries: Record<FactTopic, string> = {
  duplicates: 'partners shipped 37 batches twice since 10:02 (acme 12, bolt 25)',
  deploys: 'fulfillment deployed PERF-812 at 10:01 by dan; seating TIX-84 at 09:59 by priya',
  infra: 'PLAT-130 resized the orders cache 3 days ago',
  pool: 'orders pool 10/10 busy, 42 waiting, 118 exhausted warnings in 5 min',
  breaker: 'storefront breaker open since 10:04 (41 min)',
  webhooks: '1,204 webhook attempts in 15 min: 1,090 timed out at 1.5 s, 611 retries',
  backlog: '233 deliveries pending, 97 re-driven',
  flags: 'fulfillmentDispatchPaused off, storefrontBreakerEnabled on',
  alerts: 'firing: StorefrontBreakerOpen (page), DiskUsageHigh on seating (warning)',
  seating: '14 duplicate seat assignments a day for 6 days',
  clock: 'seating logs 2 h behind UTC',
  orders: '312 checkouts in the last hour, 71 failed',
};

function lab(scenario: Scenario | undefined, failing: readonly FactTopic[] = []) {
  const calls: FactTopic[] = [];
  const ctx: EngineContext = {
    scenario,
    facts: async (topic): Promise<Fact> => {
      calls.push(topic);
      if (failing.includes(topic)) throw new Error('prometheus unreachable');
      return { topic, summary: summaries[topic], data: {} };
    },
    injectedAt: new Date('2026-03-10T10:00:00Z'),
    now: new Date('2026-03-10T10:45:00Z'),
  };
  const say = (text: string, addressed: string[] = [], channel = 'incidents') => {
    const msg: Incoming = { text, user: 'U1', channel, ts: '1741600000.000100', addressed };
    return respond(ctx, msg);
  };
  return { ctx, calls, say };
}

describe('respond: questions', () => {
  it('dan, asked about duplicates, looks them up and quotes the facts verbatim', async () => {
    const { calls, say } = lab(offline);
    const replies = await say("@dan I'm seeing duplicate webhooks, does that match what you see?", ['dan']);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ persona: 'dan', verdict: 'answered' });
    expect(calls).toEqual(['duplicates', 'webhooks']);
    expect(replies[0]?.text).toContain(summaries.duplicates);
    expect(replies[0]?.text).toContain(summaries.webhooks);
  });

  it('alicia does not answer about deploys but names who does', async () => {
    const { calls, say } = lab(offline);
    const [reply] = await say('@alicia any deploys today?', ['alicia']);
    expect(calls).not.toContain('deploys');
    expect(reply?.text).not.toContain(summaries.deploys);
    expect(reply?.text).toMatch(/ask @(dan|kevin)/);
  });

  it('splits a question: her own topics from her, the rest referred', async () => {
    const { calls, say } = lab(offline);
    const [reply] = await say('alicia, what are the pool and the breaker doing?', ['alicia']);
    expect(calls).toEqual(['pool']);
    expect(reply?.text).toContain(summaries.pool);
    expect(reply?.text).toContain('For breaker, ask @kevin.');
  });

  it('a question with no topic gets the persona\'s first topics and what they know', async () => {
    const { calls, say } = lab(offline);
    const [reply] = await say('@kevin anything odd on your side?', ['kevin']);
    expect(calls).toEqual(['deploys', 'infra']);
    expect(reply?.text).toContain('the infra change earlier in the week');
  });

  it('asked openly, alicia honestly names the herring she suspects, with her pool numbers', async () => {
    const { calls, say } = lab(offline);
    const [reply] = await say('@alicia what do you think is going on?', ['alicia']);
    expect(reply?.text).toContain('the orders connection pool is too small');
    expect(calls).toEqual(['pool']);
    expect(reply?.text).toContain(summaries.pool);
  });

  it('a lookup that fails is said, not guessed', async () => {
    const { say } = lab(offline, ['duplicates']);
    const [reply] = await say('@dan how many duplicates?', ['dan']);
    expect(reply?.verdict).toBe('answered');
    expect(reply?.text).toContain("can't pull up duplicates");
  });

  it('looks each topic up once however many coworkers quote it', async () => {
    const { calls, say } = lab(offline);
    const replies = await say('@dan @kevin any deploys?', ['dan', 'kevin']);
    expect(replies.map((r) => r.persona)).toEqual(['dan', 'kevin']);
    expect(calls).toEqual(['deploys']);
    for (const r of replies) expect(r.text).toContain(summaries.deploys);
  });
});

describe('respond: theories', () => {
  it('dan confirms PERF-812 with his evidence', async () => {
    const { say } = lab(offline);
    const [reply] = await say('@dan I think PERF-812 is the root cause, does that make sense?', ['dan']);
    expect(reply?.verdict).toBe('confirmed');
    for (const t of ['deploys', 'webhooks', 'duplicates'] as const) expect(reply?.text).toContain(summaries[t]);
  });

  it('alicia, who suspected the pool, confirms the real cause when she is shown it', async () => {
    const { calls, say } = lab(offline);
    const [reply] = await say('@alicia my theory: PERF-812 made fulfillment retry without idempotency keys', ['alicia']);
    expect(reply?.verdict).toBe('confirmed');
    expect(reply?.text).toContain('the orders connection pool is too small');
    expect(calls).toEqual([]);
  });

  it('a partial theory is confirmed without handing over the change', async () => {
    const { say } = lab(offline);
    const [reply] = await say("@priya I think it's the retries", ['priya']);
    expect(reply?.verdict).toBe('confirmed');
    expect(reply?.text).not.toMatch(/PERF-812|fulfillment|partnerTimeoutMs|sendIdempotencyKey/);
    expect(reply?.text).toContain('whole story');
  });

  it('the pool is a symptom, with the pool numbers and why, but not the answer', async () => {
    const { say } = lab(offline);
    const [reply] = await say('@alicia could it be the connection pool?', ['alicia']);
    expect(reply?.verdict).toBe('symptom');
    expect(reply?.text).toContain(summaries.pool);
    expect(reply?.text).toContain('a recent deploy');
    expect(reply?.text).not.toContain('PERF-812');
  });

  it('the seating race is challenged with seating\'s numbers', async () => {
    const { say } = lab(offline);
    const [reply] = await say('@priya I think the seating race is behind this', ['priya']);
    expect(reply?.verdict).toBe('challenged');
    expect(reply?.text).toContain(summaries.seating);
    expect(reply?.text).toContain('steady long before the incident');
  });

  it('an unplaceable theory is challenged with a request for data', async () => {
    const { calls, say } = lab(offline);
    const [reply] = await say('@kevin I think the root cause might be X', ['kevin']);
    expect(reply?.verdict).toBe('challenged');
    expect(reply?.text).toMatch(/evidence|data/);
    expect(calls).toEqual([]);
  });
});

describe('respond: fixes', () => {
  it('a real fix in #incidents, addressed to nobody, is approved by the first approver with probes and a rollback', async () => {
    const { say } = lab(offline);
    const replies = await say('proposal: revert PERF-812 and redeploy fulfillment');
    expect(replies).toHaveLength(1);
    const [reply] = replies;
    expect(reply).toMatchObject({ persona: 'kevin', verdict: 'approved', approval: { fix: 'revert PERF-812', targets: ['fulfillment'] } });
    for (const p of offline.probes.steady) expect(reply?.text).toContain(p.name);
    expect(reply?.text).toMatch(/Rollback: .*redeploy fulfillment/);
  });

  it('a non-approver questions a real fix and names an approver', async () => {
    const { say } = lab(offline);
    const [reply] = await say('@dan I want to roll back fulfillment', ['dan']);
    expect(reply?.verdict).toBe('questioned');
    expect(reply?.approval).toBeUndefined();
    expect(reply?.text).toContain('@kevin');
  });

  it.each([
    ['can I restart storefront?', [] as string[]],
    ['@alicia ok to deploy orders with a bigger pool?', ['alicia']],
    ['@kevin let\'s disable the breaker', ['kevin']],
  ])('a trap (%j) is questioned, never approved, even by an approver', async (text, addressed) => {
    const { say } = lab(offline);
    const replies = await say(text, addressed);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.verdict).toBe('questioned');
    expect(replies[0]?.approval).toBeUndefined();
    expect(replies[0]?.text).toContain('Blast radius');
  });

  it('an approver asked outside #incidents asks for the proposal there', async () => {
    const { say } = lab(offline);
    const [reply] = await say('can I roll back fulfillment?', ['kevin'], 'dm');
    expect(reply?.verdict).toBe('questioned');
    expect(reply?.approval).toBeUndefined();
    expect(reply?.text).toContain('#incidents');
  });

  it('an unrecognised fix gets the change-review questions', async () => {
    const { say } = lab(offline);
    const [reply] = await say('plan: scale the partners up');
    expect(reply).toMatchObject({ persona: 'kevin', verdict: 'questioned' });
    expect(reply?.text).toMatch(/blast radius.*roll it back/);
  });

  it('unaddressed fixes outside #incidents, and unaddressed non-fixes anywhere, get no answer', async () => {
    const { say } = lab(offline);
    expect(await say('proposal: revert PERF-812', [], 'orders')).toEqual([]);
    expect(await say('any deploys today?')).toEqual([]);
  });

  it('in forgotten-kill-switch dan approves resuming dispatch, and questions the restart', async () => {
    const { say } = lab(killSwitch);
    expect((await say('ok to unpause dispatch?'))[0]).toMatchObject({ persona: 'dan', verdict: 'approved', approval: { fix: 'resume dispatch' } });
    expect((await say('can I restart fulfillment?'))[0]).toMatchObject({ persona: 'dan', verdict: 'questioned' });
  });
});

describe('respond: everything else', () => {
  it('someone who is not on the incident: one helpful reply listing who is', async () => {
    const { say } = lab(offline);
    const replies = await say('@bob any deploys today?', ['bob']);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ persona: 'kevin', verdict: 'answered' });
    for (const p of offline.personas) expect(replies[0]?.text).toContain(`@${p.handle}`);
  });

  it('a stranger addressed alongside a coworker: the guide adds the note to their own reply', async () => {
    const { say } = lab(offline);
    const replies = await say('@kevin @bob any deploys?', ['kevin', 'bob']);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toContain(summaries.deploys);
    expect(replies[0]?.text).toContain('no @bob');
  });

  it('a status update is acknowledged and small talk answered in character', async () => {
    const { say } = lab(offline);
    expect((await say('@kevin Status update: ruled out seating, looking at fulfillment', ['kevin']))[0]?.verdict).toBe('answered');
    const [hello] = await say('hi dan', ['dan']);
    expect(hello?.verdict).toBe('answered');
    expect(hello?.text).toContain('fulfillment engineer');
  });

  it('empty or blank text does not crash', async () => {
    const { say } = lab(offline);
    for (const text of ['', '   \n ']) {
      expect(await say(text)).toEqual([]);
      expect((await say(text, ['dan']))[0]?.verdict).toBe('answered');
    }
  });

  it('no game on: an addressed coworker says so, nobody else speaks', async () => {
    const { calls, say } = lab(undefined);
    expect(await say('any deploys?')).toEqual([]);
    const replies = await say('@dan any deploys?', ['dan']);
    expect(replies).toEqual([{ persona: 'dan', text: expect.stringContaining('No incident'), verdict: 'answered' }]);
    expect(calls).toEqual([]);
  });

  it('is deterministic: the same message gets the same replies', async () => {
    const a = await lab(offline).say('@alicia could it be the connection pool?', ['alicia']);
    const b = await lab(offline).say('@alicia could it be the connection pool?', ['alicia']);
    expect(a).toEqual(b);
  });
});
