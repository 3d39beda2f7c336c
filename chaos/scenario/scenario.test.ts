import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../lab/paths.js';
import { scenarioJsonSchema } from './json-schema.js';
import { listScenarioNames, loadScenario, parseScenario, ScenarioError } from './load.js';
import { stepKinds } from './schema.js';

const root = repoRoot();
const packText = (name: string) => readFileSync(join(root, 'chaos', 'scenarios', name, 'scenario.yaml'), 'utf8');

function problemsOf(text: string): readonly string[] {
  try {
    parseScenario(root, text, 'broken.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as ScenarioError).problems;
  }
  throw new Error('expected the scenario to be rejected');
}

describe('scenario packs', () => {
  it('ships storefront-offline and a second, smaller scenario, both valid', () => {
    const names = listScenarioNames(root);
    expect(names).toEqual(expect.arrayContaining(['storefront-offline', 'forgotten-kill-switch']));
    for (const name of names) {
      const { scenario } = loadScenario(root, name);
      expect(scenario.name).toBe(name);
      for (const step of scenario.method) expect(stepKinds).toContain(step.kind);
    }
  });

  it('storefront-offline ships PERF-812 as dan, with the decoy deploy and an unrelated alert as noise', () => {
    const { scenario } = loadScenario(root, 'storefront-offline');
    const root812 = scenario.method.find((s) => s.kind === 'commit-and-deploy');
    expect(root812).toMatchObject({ as: 'dan', service: 'fulfillment', ticket: 'PERF-812', set: { partnerTimeoutMs: 1500, sendIdempotencyKey: false } });
    expect(scenario.method.filter((s) => s.kind === 'noise').map((s) => (s.kind === 'noise' ? s.noise : ''))).toEqual(['deploy', 'alert']);
    expect(scenario.truth.redHerrings.length).toBeGreaterThanOrEqual(4);
  });

  it('chaos/scenario.schema.json is the schema generated from the code', () => {
    const file = JSON.parse(readFileSync(join(root, 'chaos', 'scenario.schema.json'), 'utf8')) as unknown;
    expect(file).toEqual(scenarioJsonSchema());
  });
});

describe('a broken scenario is rejected before anything is touched, every problem by path', () => {
  it('names a misspelt flag with the right spelling', () => {
    const text = packText('forgotten-kill-switch').replace('flag: fulfillmentDispatchPaused', 'flag: fulfilmentDispatchPaused');
    expect(problemsOf(text)).toEqual(['method[0].flag: unknown flag "fulfilmentDispatchPaused"; did you mean "fulfillmentDispatchPaused"?']);
  });

  it('lists every problem at once: unknown step kind, bad config value, unknown setting, person and service', () => {
    const text = packText('storefront-offline')
      .replace('set: { partnerTimeoutMs: 1500, sendIdempotencyKey: false }', 'set: { partnerTimeoutMs: fast, sendIdempotencyKey: false }')
      .replace('set: { auditIntervalMs: 15000 }', 'set: { auditIntervalMS: 15000 }')
      .replace('    as: dan\n', '    as: danny\n')
      .replace('service: storefront, path: /, expectStatus: 200', 'service: storefrnt, path: /, expectStatus: 200');
    const problems = problemsOf(text);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^method\[1\]\.set: partnerTimeoutMs: .*number.*"fast"/),
      'method[0].set.auditIntervalMS: unknown seating setting; did you mean "auditIntervalMs"?',
      'method[1].as: unknown person "danny"; did you mean "dan"?',
      'probes.steady[0].service: unknown deployable "storefrnt"; did you mean "storefront"?',
    ]));
    expect(problems).toHaveLength(4);
  });

  it('refuses a step kind outside the four, and names missing and unknown fields', () => {
    const text = packText('forgotten-kill-switch').replace('  - kind: load\n', '  - kind: kill-process\n').replace('difficulty: easy\n', 'difficulty: easy\nowner: me\n').replace(/^ttl: 1h\n/m, '');
    const problems = problemsOf(text);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^method\[1\]/), 'owner: unknown field', expect.stringMatching(/^ttl: /)]));
  });

  it('names YAML that does not parse, and an unknown pack with the known ones', () => {
    expect(problemsOf('name: [unclosed')[0]).toMatch(/^not valid YAML/);
    expect(() => loadScenario(root, 'storefront-ofline')).toThrow(/no scenario "storefront-ofline"; known: .*storefront-offline/);
  });

  it('checks load settings and flag variants against the traffic driver and flags.json', () => {
    const text = packText('forgotten-kill-switch').replace('shoppers.sessionsPerSecond', 'shoppers.sessionPerSecond').replace("variant: 'on'", 'variant: maybe');
    expect(problemsOf(text)).toEqual([
      'method[0].variant: flag fulfillmentDispatchPaused has no variant "maybe"; its variants are on, off',
      'method[1].set.shoppers.sessionPerSecond: unknown traffic setting; did you mean "shoppers.sessionsPerSecond"?',
    ]);
  });
});
