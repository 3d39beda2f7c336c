import { describe, expect, it } from 'vitest';
import { addressedPersonas, classifyIntent, isOpenCauseQuestion, stripAddress } from './intent.js';
import type { FactTopic, IntentKind } from './types.js';

// [message, kind, topics it must name (in schema order, exactly)]
const table: [string, IntentKind, FactTopic[]][] = [
  // The brief's own examples.
  ["@dan I'm seeing duplicate webhooks, does that match what you see?", 'question', ['duplicates', 'webhooks']],
  ['@kevin have there been any infra changes recently?', 'question', ['deploys', 'infra']],
  ['@alicia I think the root cause might be X, does that make sense to you?', 'theory', []],
  // Questions.
  ["what's the pool doing?", 'question', ['pool']],
  ['any deploys today?', 'question', ['deploys']],
  ['dan, how big is the backlog on the stream?', 'question', ['backlog']],
  ['Kevin: is the breaker still open? still seeing 503s', 'question', ['breaker']],
  ['@priya are the seating timestamps in UTC?', 'question', ['seating', 'clock']],
  ['@alicia how many checkouts in the last hour?', 'question', ['orders']],
  ['@kevin what alerts are firing right now?', 'question', ['alerts']],
  ['@dan is the kill switch on?', 'question', ['flags']],
  ['what do you think is going on?', 'question', []],
  ['@kevin should I check the deploy log first?', 'question', ['deploys']],
  ['partners say they shipped twice, how many double shipments so far', 'question', ['duplicates']],
  // Theories.
  ['my theory: PERF-812 broke the partner timeouts', 'theory', ['deploys', 'webhooks']],
  ['could it be the connection pool?', 'theory', ['pool']],
  ['root cause might be the seating deploy, does that make sense to you?', 'theory', ['deploys', 'seating']],
  ['looks like the retries are causing this', 'theory', ['webhooks']],
  ["I think it's the clock skew, does that make sense?", 'theory', ['clock']],
  ["I'm pretty sure the disk alert is unrelated", 'theory', ['alerts']],
  ['the pool saturates because of PERF-812', 'theory', ['deploys', 'pool']],
  ['@kevin maybe the disk alert?', 'theory', ['alerts']],
  ['@dan could you maybe look at the backlog?', 'question', ['backlog']],
  ['@alicia PERF-812 broke the partner acks, that explains the duplicates', 'theory', ['duplicates', 'deploys', 'webhooks']],
  // Fix proposals.
  ['I want to roll back fulfillment', 'fix', []],
  ['proposal: revert PERF-812', 'fix', ['deploys']],
  ['can I restart storefront?', 'fix', []],
  ['ok to deploy orders with a bigger pool?', 'fix', ['deploys', 'pool', 'orders']],
  ['plan: pause dispatch', 'fix', ['flags']],
  ['@kevin I think we should revert PERF-812, does that make sense?', 'fix', ['deploys']],
  ["let's turn off the breaker", 'fix', ['breaker']],
  ['revert PERF-812 please', 'fix', ['deploys']],
  ['Requesting approval: rollback of fulfillment to the previous version', 'fix', []],
  ['reverting PERF-812 should fix it', 'fix', ['deploys']],
  ['going to pause dispatch now', 'fix', ['flags']],
  ['@dan fulfillment is timing out on acme', 'question', ['webhooks']],
  // Status updates.
  ['Status update: duplicates confirmed, investigating fulfillment', 'status', ['duplicates']],
  ['Update: investigating the orders pool, ruled out seating', 'status', ['pool', 'seating', 'orders']],
  ['STATUS: breaker still open', 'status', ['breaker']],
  ['current status \u2014 I think it is PERF-812, plan: revert', 'status', ['deploys']],
  ["here's a quick status update: still digging", 'status', []],
  // Small talk.
  ['hi dan', 'smalltalk', []],
  ['thanks!', 'smalltalk', []],
  ['good morning', 'smalltalk', []],
  ['@kevin thanks, that helps', 'smalltalk', []],
  ['', 'smalltalk', []],
  ['   ', 'smalltalk', []],
];

describe('classifyIntent', () => {
  it.each(table)('%j is a %s about %j', (text, kind, topics) => {
    expect(classifyIntent(text)).toEqual({ kind, topics });
  });

  it('reads typographic apostrophes like ASCII ones', () => {
    expect(classifyIntent('I\u2019m going to roll back fulfillment').kind).toBe('fix');
  });

  it('keeps a leading marker that is not a name', () => {
    expect(stripAddress('@dan plan: pause dispatch')).toBe('plan: pause dispatch');
    expect(stripAddress('<@U123> Dan: any deploys?')).toBe('any deploys?');
  });

  it('tells an open question about the cause from a theory', () => {
    expect(isOpenCauseQuestion('@alicia what do you think is going on?')).toBe(true);
    expect(isOpenCauseQuestion('any ideas?')).toBe(true);
    expect(isOpenCauseQuestion("what's the pool doing?")).toBe(false);
    expect(isOpenCauseQuestion('I think the pool is causing it, what do you think?')).toBe(false);
  });
});

describe('addressedPersonas', () => {
  const handles = ['dan', 'kevin', 'alicia'];

  it('finds @handles anywhere, in order, once each', () => {
    expect(addressedPersonas('@kevin and @Dan: any deploys? cc @kevin', handles)).toEqual(['kevin', 'dan']);
    expect(addressedPersonas('thanks @alicia.', handles)).toEqual(['alicia']);
  });

  it('finds a name with a comma or colon, or after a greeting, at the start', () => {
    expect(addressedPersonas('dan, any deploys?', handles)).toEqual(['dan']);
    expect(addressedPersonas('Dan: what do you see?', handles)).toEqual(['dan']);
    expect(addressedPersonas('hi kevin', handles)).toEqual(['kevin']);
  });

  it('ignores unknown handles, e-mail addresses and names mid-sentence', () => {
    expect(addressedPersonas('@bob any deploys?', handles)).toEqual([]);
    expect(addressedPersonas('mail ops@dan.example', handles)).toEqual([]);
    expect(addressedPersonas('I asked dan, he said no', handles)).toEqual([]);
    expect(addressedPersonas('', handles)).toEqual([]);
  });
});
