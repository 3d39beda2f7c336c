import { describe, expect, it } from 'vitest';
import { BOT, isRemediation, journalFixture } from './journal-fixture.js';
import { assessProcess } from './process.js';

const assess = (j: ReturnType<typeof journalFixture>, since?: number) => assessProcess(j.entries, { isRemediation, ...(since === undefined ? {} : { since }) });

describe('assessProcess: investigation steps and status cadence', () => {
  it('counts the investigator\'s calls, answered or not, and their messages; not coworkers, system posts, status or small talk', () => {
    const j = journalFixture();
    j.post('PAGE: storefront breaker open');
    j.call('prometheus_query');
    j.call('logs_search', { ok: false });
    j.call('git_recent_commits', { caller: BOT });
    j.say('@dan are you seeing duplicate webhooks?', 'question');
    j.reply('dan', 'answered');
    j.say('thanks!', 'smalltalk');
    j.say('Status: breaker open, looking at orders', 'status');
    expect(assess(j)).toMatchObject({ steps: 3, statusUpdates: 1, stepsSinceStatus: 0, lastStatusSeq: 8 });
  });

  it('counts from the last status update in #incidents; one elsewhere does not reset the count', () => {
    const j = journalFixture();
    j.call('prometheus_query');
    j.say('Status: pool saturated', 'status');
    j.call('logs_search');
    j.call('kubectl_get_pods');
    j.say('Status (in the wrong place)', 'status', { channel: 'orders' });
    j.call('featureflags_list');
    expect(assess(j)).toMatchObject({ steps: 4, stepsSinceStatus: 3, lastStatusSeq: 2 });
  });

  it('counts an agent\'s slack_post_message once: as its journaled message when the bot saw it, else as the call', () => {
    const j = journalFixture();
    j.call('slack_post_message', { args: { channel: 'incidents', text: 'Status: …' }, result: { ts: '99.1' } });
    j.say('Status: …', 'status', { ts: '99.1' });
    j.call('slack_post_message', { args: { channel: 'orders', text: 'anyone?' }, result: { ts: '99.2' } });
    expect(assess(j)).toMatchObject({ steps: 1, stepsSinceStatus: 1, statusUpdates: 1 });
  });

  it('reads only the current game: after the last `prepared` entry, or after an explicit since', () => {
    const j = journalFixture();
    j.call('prometheus_query');
    j.reply('dan', 'confirmed');
    j.game('prepared');
    j.call('logs_search');
    expect(assess(j)).toMatchObject({ since: 3, steps: 1, confirmations: [] });
    expect(assess(j, 0)).toMatchObject({ since: 0, steps: 2, confirmations: [{ seq: 2, persona: 'dan' }] });
  });

  it('knows the last status-cadence nudge and the steps since', () => {
    const j = journalFixture();
    j.call('prometheus_query');
    j.game('nudge', { rule: 'status-cadence' });
    j.call('logs_search');
    j.game('hint');
    expect(assess(j)).toMatchObject({ lastNudgeSeq: 2, stepsSinceNudge: 1 });
  });
});

describe('assessProcess: confirmation, sources and approvals', () => {
  it('tells whether a coworker confirmed a theory before the first report, which a failed submit is not', () => {
    const j = journalFixture();
    expect(assess(j).confirmedBeforeConclusion).toBeUndefined();
    j.call('incident_submit_report', { ok: false });
    j.reply('alicia', 'challenged');
    expect(assess(j).confirmedBeforeConclusion).toBeUndefined();
    j.call('incident_submit_report');
    j.reply('dan', 'confirmed');
    expect(assess(j)).toMatchObject({ firstConclusionSeq: 3, confirmedBeforeConclusion: false, confirmations: [{ seq: 4, persona: 'dan' }] });

    const k = journalFixture();
    k.reply('dan', 'confirmed');
    k.call('incident_submit_report');
    expect(assess(k)).toMatchObject({ firstConclusionSeq: 2, confirmedBeforeConclusion: true });
  });

  it('lists the distinct read tools that answered before the first change: not the bot\'s, failed ones, posts or communication', () => {
    const j = journalFixture();
    j.call('prometheus_query');
    j.call('prometheus_query');
    j.call('jira_search', { caller: BOT });
    j.call('logs_search', { ok: false });
    j.call('slack_post_message', { result: { ts: '1.1' } });
    j.call('statuspage_update');
    j.call('git_recent_commits');
    j.call('deploy_rollback', { args: { service: 'fulfillment' }, ok: false });
    j.call('kubectl_get_pods');
    j.call('deploy_rollback', { args: { service: 'fulfillment' } });
    j.call('wiki_search');
    expect(assess(j)).toMatchObject({ firstChangeSeq: 10, readToolsBeforeChange: ['prometheus_query', 'git_recent_commits', 'kubectl_get_pods'] });
  });

  it('records approvals and whether each remediation had one covering its target in #incidents within 15 minutes', () => {
    const j = journalFixture();
    j.reply('kevin', 'approved', { approval: { fix: 'rollback', targets: ['Fulfillment'] } });
    j.reply('dan', 'approved', { channel: 'dm', approval: { fix: 'pause dispatch', targets: ['fulfillmentDispatchPaused'] } });
    j.advance(10);
    j.call('deploy_rollback', { args: { service: 'fulfillment' } });
    j.call('featureflags_set', { args: { flag: 'fulfillmentDispatchPaused', variant: 'on' } });
    j.call('kubectl_rollout_restart', { args: { namespace: 'shop', deployment: 'orders' } });
    j.advance(6);
    j.call('deploy_rollback', { args: { service: 'fulfillment' } });
    j.call('statuspage_update', { args: { status: 'major_outage', message: 'x' } });
    const state = assess(j);
    expect(state.approvals).toEqual([
      expect.objectContaining({ seq: 1, persona: 'kevin', fix: 'rollback', targets: ['Fulfillment'], inIncidents: true }),
      expect.objectContaining({ seq: 2, persona: 'dan', inIncidents: false }),
    ]);
    expect(state.remediations.map((r) => [r.tool, r.target, r.needsApproval, r.approvedBy?.persona])).toEqual([
      ['deploy_rollback', 'fulfillment', true, 'kevin'],
      ['featureflags_set', 'fulfillmentDispatchPaused', true, undefined],
      ['kubectl_rollout_restart', 'orders', true, undefined],
      ['deploy_rollback', 'fulfillment', true, undefined],
      ['statuspage_update', undefined, false, undefined],
    ]);
    expect(state.remediations.map((r) => r.kind)).toEqual(['change', 'change', 'change', 'change', 'communication']);
  });
});
