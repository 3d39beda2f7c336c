import { describe, expect, it } from 'vitest';
import { checkRemediation, type CoachMode, type RemediationCall } from './gate.js';
import { AGENT, BOT, isRead, journalFixture, type JournalFixture } from './journal-fixture.js';

const rollback: RemediationCall = { tool: 'deploy_rollback', args: { service: 'fulfillment' }, caller: AGENT };
const report: RemediationCall = { tool: 'incident_submit_report', args: { summary: 's' }, caller: AGENT };
const check = (j: JournalFixture, call = rollback, mode: CoachMode = 'enforce') => checkRemediation(j.entries, call, { mode, isRead, now: j.now() });
const rules = (out: { broken: Array<{ rule: string }> }) => out.broken.map((b) => b.rule);

/** Two read tools answered, so only the approval rule is left to decide. */
function withData() {
  const j = journalFixture();
  j.call('prometheus_query');
  j.call('git_recent_commits');
  return j;
}

describe('checkRemediation: approval', () => {
  it('refuses a change nobody approved, saying what to propose, where, and to whom', () => {
    const j = withData();
    j.reply('kevin', 'answered');
    const out = check(j);
    expect(out).toMatchObject({ allowed: false, broken: [{ rule: 'approval' }] });
    expect(out.broken[0]?.reason).toBe('approval: no coworker has approved a change to fulfillment in #incidents in the last 15 minutes; '
      + 'propose the fix there (e.g. `@kevin I want to roll back fulfillment\'s last config change — ok?`) and wait for an approval');
  });

  it('is kept by a persona approval in #incidents whose targets include the target, in any case, up to 15 minutes old', () => {
    const j = withData();
    j.reply('kevin', 'approved', { approval: { fix: 'revert PERF-812', targets: ['orders', 'Fulfillment'] } });
    j.advance(15);
    expect(check(j)).toMatchObject({ allowed: true, broken: [], kept: [{ rule: 'two-sources' }, { rule: 'approval', reason: expect.stringContaining('kevin approved "revert PERF-812"') }] });
    j.advance(1);
    const stale = check(j);
    expect(rules(stale)).toEqual(['approval']);
    expect(stale.broken[0]?.reason).toContain('16 minutes ago, more than 15 minutes ago');
  });

  it('does not count an approval of another target, or one given in a DM, and says which it saw', () => {
    const j = withData();
    j.reply('alicia', 'approved', { approval: { fix: 'raise the pool', targets: ['orders'] } });
    expect(check(j).broken[0]?.reason).toContain('alicia\'s approval of "raise the pool" covers orders, not fulfillment');
    j.reply('dan', 'approved', { channel: 'dm', approval: { fix: 'rollback', targets: ['fulfillment'] } });
    expect(check(j).broken[0]?.reason).toContain('dan approved a change to fulfillment in a direct message, not in #incidents');
  });

  it('reads the target from each tool\'s own argument: deployment for a restart, flag for a flag', () => {
    const j = withData();
    j.reply('kevin', 'approved', { approval: { fix: 'pause dispatch', targets: ['fulfillmentDispatchPaused'] } });
    const flag = { tool: 'featureflags_set', args: { flag: 'fulfillmentDispatchPaused', variant: 'on' }, caller: AGENT };
    const restart = { tool: 'kubectl_rollout_restart', args: { namespace: 'shop', deployment: 'storefront' }, caller: AGENT };
    expect(check(j, flag).allowed).toBe(true);
    expect(check(j, restart).broken[0]?.reason).toContain('`@kevin I want to restart storefront — ok?`');
  });

  it('ignores approvals from before the game was prepared', () => {
    const j = journalFixture();
    j.reply('kevin', 'approved', { approval: { fix: 'rollback', targets: ['fulfillment'] } });
    j.game('prepared');
    j.call('prometheus_query');
    j.call('logs_search');
    expect(rules(check(j))).toEqual(['approval']);
  });
});

describe('checkRemediation: two sources', () => {
  it('wants data from two distinct read tools by the investigator before a change', () => {
    const j = journalFixture();
    j.reply('kevin', 'approved', { approval: { fix: 'rollback', targets: ['fulfillment'] } });
    expect(check(j).broken[0]?.reason).toContain('no read tool has answered you yet in this game');
    j.call('prometheus_query');
    j.call('prometheus_query');
    j.call('logs_search', { caller: BOT });
    j.call('logs_search', { ok: false });
    j.call('slack_post_message', { result: { ts: '1.1' } });
    const one = check(j);
    expect(one).toMatchObject({ allowed: false, broken: [{ rule: 'two-sources' }] });
    expect(one.broken[0]?.reason).toContain('so far only prometheus_query has');
    j.call('logs_search');
    expect(check(j)).toMatchObject({ allowed: true, kept: [{ rule: 'two-sources', reason: expect.stringContaining('prometheus_query, logs_search') }, { rule: 'approval' }] });
  });

  it('lists both broken rules, data first', () => {
    expect(rules(check(journalFixture()))).toEqual(['two-sources', 'approval']);
  });
});

describe('checkRemediation: confirmation', () => {
  it('holds the report to a coworker\'s confirmed verdict, not to approval or two sources', () => {
    const j = journalFixture();
    j.reply('alicia', 'challenged');
    const out = check(j, report);
    expect(out).toMatchObject({ allowed: false, broken: [{ rule: 'confirmation' }] });
    expect(out.broken[0]?.reason).toContain('(the last verdict, alicia\'s, challenged it)');
    expect(out.broken[0]?.reason).toContain('`@alicia I think the root cause is … — does that match what you see?`');
    j.reply('dan', 'confirmed');
    expect(check(j, report)).toEqual({ allowed: true, broken: [], kept: [{ rule: 'confirmation', reason: expect.stringContaining('dan confirmed') }] });
  });
});

describe('checkRemediation: who and how', () => {
  it('lets communication through unchecked: status page and pager', () => {
    const j = journalFixture();
    for (const tool of ['statuspage_update', 'pagerduty_acknowledge', 'pagerduty_resolve']) {
      expect(check(j, { tool, args: {}, caller: AGENT })).toEqual({ allowed: true, broken: [], kept: [] });
    }
  });

  it('never holds a coworker persona (bot caller) to the process, and checks nothing when off', () => {
    const j = journalFixture();
    expect(check(j, { ...rollback, caller: BOT })).toEqual({ allowed: true, broken: [], kept: [] });
    expect(check(j, rollback, 'off')).toEqual({ allowed: true, broken: [], kept: [] });
  });

  it('warn lets a broken call run and still reports what it broke', () => {
    expect(check(journalFixture(), rollback, 'warn')).toMatchObject({ allowed: true, broken: [{ rule: 'two-sources' }, { rule: 'approval' }] });
  });
});
