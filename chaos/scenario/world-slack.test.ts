import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runChaos } from '../../lab/cli/chaos.js';
import { repoRoot } from '../../lab/paths.js';
import { loadScenario, scenariosDir } from './load.js';
import type { Step } from './schema.js';
import { addressOf, type World } from './world-schema.js';
import { isLive, liveOffsetMs, resolveSlackTime, slackTime } from './world-slack-time.js';
import type { SlackHistoryMessage } from './world-slack.js';
import { resolveOffset } from './world-time.js';
import { loadSlackHistory, loadWorld, WorldError } from './world.js';

const root = repoRoot();
const packDir = (name: string) => join(scenariosDir(root), name);
const injectedAt = new Date('2026-03-10T08:00:00Z');

const STEP_UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const stepOffsetMs = (step: Step) => {
  const m = /^(\d+)(ms|s|m|h)$/.exec(step.at);
  return Number(m?.[1]) * STEP_UNIT_MS[(m?.[2] ?? 's') as keyof typeof STEP_UNIT_MS];
};

type Located = SlackHistoryMessage & { channel: string };
const messagesOf = (w: World): Located[] => (w.slack?.channels ?? []).flatMap((c) => c.messages.map((m) => ({ ...m, channel: c.name })));

describe('slack times', () => {
  it('resolve before the injection, or live after it', () => {
    expect(resolveSlackTime('-2d 09:14', injectedAt).toISOString()).toBe('2026-03-08T09:14:00.000Z');
    expect(resolveSlackTime('-20m', injectedAt).toISOString()).toBe('2026-03-10T07:40:00.000Z');
    expect(resolveSlackTime('+90s', injectedAt).toISOString()).toBe('2026-03-10T08:01:30.000Z');
    expect(resolveSlackTime('+0s', injectedAt).toISOString()).toBe(injectedAt.toISOString());
    expect(liveOffsetMs('+4m')).toBe(240_000);
    expect(isLive('-1d 23:59')).toBe(false);
  });

  it('refuse what could land on the wrong side of the injection, and what is no time at all', () => {
    for (const bad of ['now', '-0d 09:00', '-0m', '+5d 09:00', '+1d', '-3h 14:20', '2 days ago', '90s', '+1.5m']) {
      expect(slackTime.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe('the shipped Slack histories', () => {
  for (const name of ['storefront-offline', 'forgotten-kill-switch']) {
    it(`${name}: 25-60 messages by people of this world, tickets that exist, nothing that gives the game away`, () => {
      const w = loadWorld(packDir(name));
      const all = messagesOf(w);
      expect(all.length).toBeGreaterThanOrEqual(25);
      expect(all.length).toBeLessThanOrEqual(60);
      const { scenario } = loadScenario(root, name);
      const people = w.oncall.people.map((p) => p.handle);
      for (const m of all) expect(people, m.text).toContain(m.user);
      for (const p of scenario.personas) expect(all.some((m) => m.user === p.handle), p.handle).toBe(true);
      const keys = w.jira.issues.map((x) => x.key);
      for (const m of all) for (const key of m.text.match(/\b[A-Z][A-Z0-9]+-\d+\b/g) ?? []) expect(keys, m.text).toContain(key);
      for (const m of all) expect(m.text).not.toMatch(/chaos|scenario|inject|firedrill|red herring|game ?day|drill|persona/i);
    });
  }

  it('storefront-offline: both deploys are announced live at their steps\' offsets, by whoever ran them', () => {
    const w = loadWorld(packDir('storefront-offline'));
    const { scenario } = loadScenario(root, 'storefront-offline');
    const live = messagesOf(w).filter((m) => isLive(m.at));
    for (const step of scenario.method) {
      if (!('ticket' in step) || step.kind === 'flag' || !('as' in step)) continue;
      const announced = live.find((m) => m.text.includes(step.ticket) && m.replyTo === undefined);
      expect(announced, step.ticket).toMatchObject({ user: step.as });
      expect(liveOffsetMs(announced?.at ?? ''), step.ticket).toBe(stepOffsetMs(step));
    }
    expect(live.find((m) => m.text.includes('PERF-812'))?.channel).toBe('fulfillment');
  });

  it('storefront-offline: the red herrings have their chatter, and the infra change matches terraform', () => {
    const w = loadWorld(packDir('storefront-offline'));
    const all = messagesOf(w);
    const past = all.filter((m) => !isLive(m.at));
    expect(past.some((m) => m.channel === 'orders' && m.user === 'alicia' && m.text.includes('ORD-238'))).toBe(true);
    expect(past.some((m) => m.channel === 'orders' && /pool was fine/.test(m.text))).toBe(true);
    expect(past.some((m) => m.channel === 'ticketing' && m.user === 'priya' && /duplicate seats again/.test(m.text))).toBe(true);
    expect(past.some((m) => m.channel === 'ticketing' && m.user === 'kevin' && m.text.includes('PLAT-121'))).toBe(true);

    const platform = w.slack?.channels.find((c) => c.name === 'platform')?.messages ?? [];
    const start = platform.findIndex((m) => m.text.includes('starting PLAT-130'));
    const thread = platform.filter((m, i) => i === start || m.replyTo === start);
    const changed = w.terraform.resources.filter((r) => r.change?.ticket === 'PLAT-130');
    expect(changed.map(addressOf)).toContain('aws_elasticache_cluster.orders');
    const at = (offset: string) => resolveOffset(offset, injectedAt).getTime();
    for (const r of changed) {
      expect(at(thread[0]?.at ?? ''), addressOf(r)).toBeLessThan(at(r.changed_at));
      expect(at(thread.at(-1)?.at ?? ''), addressOf(r)).toBeGreaterThanOrEqual(at(r.changed_at));
    }
  });

  it('forgotten-kill-switch: the sale is announced in #general at the load step, the pause after the flag step', () => {
    const w = loadWorld(packDir('forgotten-kill-switch'));
    const { scenario } = loadScenario(root, 'forgotten-kill-switch');
    const all = messagesOf(w);
    const load = scenario.method.find((s) => s.kind === 'load');
    const flag = scenario.method.find((s) => s.kind === 'flag');
    const sale = all.find((m) => m.channel === 'general' && isLive(m.at) && /sale is live/.test(m.text));
    expect(sale?.user).toBe('alicia');
    expect(liveOffsetMs(sale?.at ?? '')).toBe(load ? stepOffsetMs(load) : NaN);
    const pause = all.find((m) => m.channel === 'fulfillment' && isLive(m.at) && m.text.includes('FUL-170'));
    expect(pause?.user).toBe(flag && 'as' in flag ? flag.as : undefined);
    expect(liveOffsetMs(pause?.at ?? '')).toBeGreaterThanOrEqual(flag ? stepOffsetMs(flag) : NaN);
    expect(all.some((m) => !isLive(m.at) && m.text.includes('FUL-168'))).toBe(true);
  });

  it('a pack without slack.yaml has no history', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fd-slack-'));
    try {
      cpSync(join(packDir('forgotten-kill-switch'), 'world'), join(dir, 'world'), { recursive: true });
      rmSync(join(dir, 'world', 'slack.yaml'));
      expect(loadWorld(dir).slack).toBeUndefined();
      expect(loadSlackHistory(dir)).toEqual({ channels: [] });
      expect(loadSlackHistory(join(dir, 'nowhere'))).toEqual({ channels: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a broken slack.yaml is refused, every problem by path', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /** storefront-offline's world with `slack` as its slack.yaml (and `scenario` as the pack's scenario.yaml). */
  function packWith(slack: string, scenario?: string): string {
    dir = mkdtempSync(join(tmpdir(), 'fd-slack-'));
    cpSync(join(packDir('storefront-offline'), 'world'), join(dir, 'world'), { recursive: true });
    writeFileSync(join(dir, 'world', 'slack.yaml'), slack);
    if (scenario !== undefined) writeFileSync(join(dir, 'scenario.yaml'), scenario);
    return dir;
  }

  function problems(slack: string, scenario?: string): readonly string[] {
    try {
      loadWorld(packWith(slack, scenario));
    } catch (err) {
      expect(err).toBeInstanceOf(WorldError);
      return (err as WorldError).problems;
    }
    throw new Error('expected the history to be refused');
  }

  it('names a time that is neither past nor live, a misspelt field with its right spelling, and a bad channel name', () => {
    expect(problems([
      'channels:',
      '  - name: "#orders"',
      '    messages:',
      '      - { user: alicia, at: yesterday, text: pool again }',
      '      - { user: kevin, at: -1d 10:00, text: ok, replyto: 0 }',
    ].join('\n'))).toEqual([
      expect.stringMatching(/^world\/slack\.yaml: channels\[0\]\.name: expected a Slack channel name/),
      expect.stringMatching(/^world\/slack\.yaml: channels\[0\]\.messages\[0\]\.at: expected a time before the injection such as "-2d 09:14"/),
      'world/slack.yaml: channels[0].messages[1].replyto: unknown field; did you mean "replyTo"?',
    ]);
  });

  it('checks people, replies, order and channels, with suggestions', () => {
    expect(problems([
      'channels:',
      '  - name: orders',
      '    messages:',
      '      - { user: alicia, at: -2d 09:00, text: pool warnings again }',
      '  - name: fulfillment',
      '    messages:',
      '      - { user: dan, at: -2d 10:00, text: deploying }',
      '      - { user: kevin, at: -2d 10:05, replyTo: 3, text: looks fine }',
      '      - { user: lena, at: -2d 10:06, replyTo: 0, text: same here, reactions: [{ name: eyes, users: [omarr] }] }',
      '      - { user: danny, at: -2d 10:07, replyTo: 2, text: thanks }',
      '      - { user: dan, at: +90s, text: deploying fulfillment }',
      '      - { user: omar, at: -1d 09:00, replyTo: 4, text: late }',
      '  - name: orders',
      '    messages:',
      '      - { user: marco, at: -1d 09:00, text: twice }',
    ].join('\n'))).toEqual([
      'world/slack.yaml: channels[1].messages[1].replyTo: 3 is not an earlier message of #fulfillment; a reply points to one listed above it (0 to 0)',
      'world/slack.yaml: channels[1].messages[2].reactions[0].users[0]: unknown person "omarr"; did you mean "omar"?',
      'world/slack.yaml: channels[1].messages[3].user: unknown person "danny"; did you mean "dan"?',
      'world/slack.yaml: channels[1].messages[3].replyTo: messages[2] is itself a reply; reply to the thread\'s first message, messages[0]',
      'world/slack.yaml: channels[1].messages[5].at: "-1d 09:00" is before the message above it ("+90s"); list a channel\'s messages oldest first',
      'world/slack.yaml: channels[2].name: #orders is listed twice; put its messages in one list',
    ]);
  });

  it('knows the scenario\'s personas as well as the people of world/oncall.yaml', () => {
    const slack = 'channels:\n  - name: general\n    messages:\n      - { user: quinn, at: -1d 09:00, text: morning }\n';
    expect(problems(slack)).toEqual([expect.stringMatching(/^world\/slack\.yaml: channels\[0\]\.messages\[0\]\.user: unknown person "quinn"/)]);
    expect(loadWorld(packWith(slack, 'personas:\n  - { handle: quinn, name: Quinn, role: support }\n')).slack?.channels[0]?.messages[0]?.user).toBe('quinn');
  });

  it('shows in `firedrill chaos validate`', async () => {
    const pack = packWith('channels:\n  - name: orders\n    messages:\n      - { user: alica, at: -1d 09:00, text: pool }\n');
    cpSync(join(packDir('storefront-offline'), 'scenario.yaml'), join(pack, 'scenario.yaml'));
    const out: string[] = [];
    const proc = { stdout: { write: (s: string) => out.push(s) } } as unknown as NodeJS.Process;
    await expect(runChaos(proc, root, ['validate', join(pack, 'scenario.yaml')], join(pack, 'state'))).rejects.toThrow(
      'world/slack.yaml: channels[0].messages[0].user: unknown person "alica"; did you mean "alicia"?',
    );
  });
});
