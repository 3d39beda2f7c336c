import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../chaos/scenario/load.js';
import { repoRoot } from '../../../lab/paths.js';
import { matchFix, matchTheory } from './match.js';
import { findPhrases } from './phrase.js';

const root = repoRoot();
const offline = loadScenario(root, 'storefront-offline').scenario;
const killSwitch = loadScenario(root, 'forgotten-kill-switch').scenario;

describe('findPhrases', () => {
  it('matches on word boundaries, case-insensitively, with dashes and plurals tolerated', () => {
    expect(findPhrases('saw (perf-812) land', ['PERF-812']).map((h) => h.keyword)).toEqual(['PERF-812']);
    expect(findPhrases('poolSize is 10', ['pool'])).toEqual([]);
    expect(findPhrases('two roll-backs', ['roll back'])).toHaveLength(1);
  });

  it('skips denied keywords but not ones merely near a negation', () => {
    expect(findPhrases("I don't think it's the pool", ['pool'])).toEqual([]);
    expect(findPhrases('it is not the pool, it is PERF-812', ['pool', 'PERF-812']).map((h) => h.keyword)).toEqual(['PERF-812']);
    expect(findPhrases("retries don't send idempotency keys", ['idempotency'])).toHaveLength(1);
  });

  it('counts a keyword inside a longer one once', () => {
    expect(findPhrases('no Idempotency-Key header', ['idempotency', 'Idempotency-Key']).map((h) => h.keyword)).toEqual(['Idempotency-Key']);
  });
});

describe('matchTheory on storefront-offline', () => {
  const judge = (text: string) => matchTheory(text, offline.truth);

  it.each([
    'I think PERF-812 is the root cause',
    'my theory: the partner timeout is too short and retries go out without idempotency keys',
    'the pool saturates because of PERF-812',
    'looks like a retry storm from fulfillment',
  ])('%j names the cause', (text) => {
    expect(judge(text).verdict).toBe('cause');
  });

  it('calls one piece of the chain, without the component or the ticket, partial', () => {
    expect(judge("I think it's the retries")).toMatchObject({ verdict: 'cause', partial: true });
    expect(judge('partnerTimeoutMs is far too low now')).toMatchObject({ verdict: 'cause', partial: true });
    expect(judge('I think PERF-812 is the root cause')).toMatchObject({ verdict: 'cause', partial: false });
    expect(judge('I think fulfillment retries are the cause')).toMatchObject({ verdict: 'cause', partial: false });
    expect(judge('PERF-812 dropped the Idempotency-Key')).toMatchObject({ verdict: 'cause', partial: false });
  });

  it.each([
    ['could it be the connection pool?', 'symptom', 'the orders connection pool is too small'],
    ['I think the pool is exhausted', 'symptom', 'the orders connection pool is too small'],
    ['is it the seating race?', 'unrelated', 'duplicate seat assignments'],
    ['the disk alert on seating looks like the cause', 'unrelated', 'DiskUsageHigh on seating'],
    ['maybe clock skew is scrambling everything', 'unrelated', 'timestamps that do not line up'],
    ["I think priya's deploy TIX-84 broke it", 'unrelated', 'the seating deploy just before'],
  ] as const)('%j is a %s (%s)', (text, verdict, herring) => {
    expect(judge(text)).toMatchObject({ verdict, herring: { name: herring } });
  });

  it('does not know what it cannot place', () => {
    expect(judge('I think the root cause might be X')).toEqual({ verdict: 'unknown', matched: [] });
    expect(judge('')).toEqual({ verdict: 'unknown', matched: [] });
  });

  it('takes a denial at its word', () => {
    expect(judge("it's not the pool, I think it's the seating race").verdict).toBe('unrelated');
  });
});

describe('matchTheory on forgotten-kill-switch', () => {
  const judge = (text: string) => matchTheory(text, killSwitch.truth);

  it('finds the paused flag, even when the words are apart', () => {
    expect(judge('I think the paused flag was never turned off').verdict).toBe('cause');
    expect(judge('looks like dispatch is still paused after the window').verdict).toBe('cause');
    expect(judge('could it be the kill switch?').verdict).toBe('cause');
  });

  it('calls the sale unrelated', () => {
    expect(judge('I think the sale overloads the shop')).toMatchObject({ verdict: 'unrelated', herring: { name: 'the sale overloads the shop' } });
  });
});

describe('matchFix', () => {
  const fix = (text: string) => matchFix(text, offline.remedies);

  it.each([
    ['I want to roll back fulfillment', 'fix', 'revert PERF-812'],
    ['proposal: revert PERF-812', 'fix', 'revert PERF-812'],
    ['plan: pause dispatch', 'fix', 'pause dispatch'],
    ['ok to set sendIdempotencyKey true and redeploy?', 'fix', 'send idempotency keys again'],
    ['can I restart storefront?', 'trap', 'restart storefront'],
    ['ok to deploy orders with a bigger pool?', 'trap', 'raise the orders pool'],
    ["let's disable the breaker for now", 'trap', 'disable the breaker'],
  ] as const)('%j is a %s (%s)', (text, kind, name) => {
    expect(fix(text)).toMatchObject({ kind, remedy: { name } });
  });

  it('lets the longest keyword win, the trap a tie, and a denied one not count', () => {
    expect(fix('roll back fulfillment and restart storefront')).toMatchObject({ kind: 'fix', remedy: { name: 'revert PERF-812' } });
    expect(fix('roll back PERF-812 and restart storefront')).toMatchObject({ kind: 'trap', remedy: { name: 'restart storefront' } });
    expect(fix("don't restart storefront, roll back fulfillment instead")).toMatchObject({ kind: 'fix' });
  });

  it('does not pass a look-alike for a fix', () => {
    expect(fix('roll back the seating deploy').kind).toBe('unknown');
    expect(fix('I want to scale the partners').kind).toBe('unknown');
    expect(matchFix('restart fulfillment?', killSwitch.remedies)).toMatchObject({ kind: 'trap' });
    expect(matchFix('can I unpause dispatch?', killSwitch.remedies)).toMatchObject({ kind: 'fix', remedy: { name: 'resume dispatch' } });
  });
});
