import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { PodSummary } from '../../lab/runtime/runtime.js';
import { checkProbes } from '../../chaos/runner/probes.js';
import { loadScenario } from '../../chaos/scenario/load.js';
import { alive } from '../../lab/cli/lab.js';
import { runDir } from '../../lab/game/runs.js';
import { callControl } from '../../lab/runtime/local/control.js';
import { cli, probeEnv, promValue, useSharedLab } from '../support/lab.js';
import { startRunner as startChaosRunner } from '../support/chaos.js';
import { archivedJournal, firedrillGame, lastGame, scorecardFile } from '../support/game.js';
import { until } from '../support/poll.js';
import { ask, channelId, slackAs } from '../support/coworkers.js';
import { root } from '../support/processes.js';

const lab = useSharedLab();

const firedrill = (...args: string[]) => spawnSync(process.execPath, [cli, ...args, '--state-dir', lab.stateDir], { encoding: 'utf8', timeout: 120_000, cwd: root });
const flagsAtHead = () => JSON.parse(execFileSync('git', ['-C', join(lab.stateDir, 'shop'), 'show', 'HEAD:flags.json'], { encoding: 'utf8' })) as { flags: Record<string, { defaultVariant: string }> };
const trafficConfig = () => readFileSync(join(lab.stateDir, 'lab', 'config', 'traffic.yaml'), 'utf8');

const startRunner = (...args: string[]) => startChaosRunner(lab, ...args);

/** The steady state forgotten-kill-switch checks before it injects: dispatch running, as scraped. */
const dispatchRunning = () => until('dispatch running, as Prometheus sees it', async () => (await promValue(lab, 'max(fulfillment_dispatch_paused)')) === 0, { timeoutMs: 60_000, everyMs: 500 });

/** forgotten-kill-switch started in a steady lab and run past its first step (the flag). */
async function killSwitchFlipped(...args: string[]) {
  await dispatchRunning();
  const runner = startRunner('forgotten-kill-switch', ...args);
  await runner.said('step 0 (flag)', 60_000);
  return runner;
}

// Game runs share this file's lab (one lab start fewer), and go first: the reference agent
// watches the alerts clear after its fix, which a lab fresh from the chaos tests below would slow.
/** Why a game run exited as it did, for a failing expectation. */
const told = (r: { stdout: string; stderr: string }) => `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`;

describe('firedrill game run', () => {
  it('the reference agent works forgotten-kill-switch within its budget: root cause right, mitigated', async () => {
    const r = await firedrillGame(lab, 'run', 'forgotten-kill-switch', '--agent-cmd', 'node dist/lab/game/agents/reference.js', '--max-steps', '60', '--timeout', '4m');
    const game = lastGame(lab);
    const card = scorecardFile(lab, game.id);
    expect(card.error, told(r)).toBeUndefined();
    expect(r.code, told(r)).toBe(0);
    expect(game).toMatchObject({ scenario: 'forgotten-kill-switch', by: 'agent:reference', status: 'ended', outcome: 'completed' });
    expect(card.steps).toBeGreaterThan(0);
    expect(card.steps).toBeLessThanOrEqual(60);
    expect(card.scorecard?.rootCause.right, told(r)).toBe(true);
    expect(card.scorecard?.mitigated, told(r)).toBe(true);
    expect(card.reportFile && existsSync(card.reportFile)).toBe(true);
    expect(r.stdout).toContain(`scorecard: `);

    // The budget counted what the desk journaled as the agent's, no more and no less.
    const from = Date.parse(game.injectedAt ?? game.startedAt);
    const agentCalls = archivedJournal(lab, game.id).filter((e) => e.type === 'call' && e.caller?.kind === 'agent' && e.caller.name === 'reference' && Date.parse(e.at) >= from);
    expect(agentCalls.length).toBe(card.steps);
    expect(agentCalls.map((c) => c.tool)).toContain('featureflags_set');
    // The game's chaos runner ended with the game.
    expect(game.runnerPid !== undefined && alive(game.runnerPid)).toBe(false);
  }, 600_000);

  it('an idle agent is stopped at its timeout and scores as failing', async () => {
    const r = await firedrillGame(lab, 'run', 'forgotten-kill-switch', '--agent-cmd', 'node dist/lab/game/agents/idle.js', '--timeout', '20s', '--incident-wait', '0s');
    const game = lastGame(lab);
    const card = scorecardFile(lab, game.id);
    expect(r.code, told(r)).toBe(1);
    expect(card.error, told(r)).toBeUndefined();
    expect(game).toMatchObject({ by: 'agent:idle', status: 'ended', outcome: 'timeout', steps: 0 });
    expect(card.scorecard?.rootCause.right).toBe(false);
    expect(card.scorecard?.mitigated).toBe(false);
    expect(game.runnerPid !== undefined && alive(game.runnerPid)).toBe(false);
  }, 420_000);

  it('game list shows both runs with their outcome and score', async () => {
    const r = await firedrillGame(lab, 'list');
    expect(r.code, told(r)).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^GAME\s+SCENARIO\s+BY\s+/);
    const reference = lines.find((l) => l.includes('agent:reference'));
    const idle = lines.find((l) => l.includes('agent:idle'));
    expect(reference, r.stdout).toMatch(/forgotten-kill-switch .*completed\s+\d+\s+\d+\s+yes\s+yes$/);
    expect(idle, r.stdout).toMatch(/forgotten-kill-switch .*timeout\s+0\s+\d+\s+no\s+no$/);

    // The reference game was archived when the idle one started: its journal, the pager's
    // incidents, the Slack channels and its report; the idle game began clean (0 steps above).
    const referenceId = lines.find((l) => l.includes('agent:reference'))?.split(/\s+/)[0] ?? '';
    const manifest = JSON.parse(readFileSync(join(runDir(lab.stateDir, referenceId), 'archive', 'archive.json'), 'utf8')) as { files: string[]; problems: string[] };
    expect(manifest.files, manifest.problems.join('; ')).toEqual(expect.arrayContaining(['desk-journal.jsonl', 'pager-incidents.json', 'slack-history.json']));
    expect(manifest.files.some((f) => /^reports\/forgotten-kill-switch-.*\.md$/.test(f))).toBe(true);
    expect(archivedJournal(lab, referenceId).some((e) => e.type === 'call' && e.caller?.name === 'reference')).toBe(true);

    // The reports the desk wrote, as `firedrill report` lists and shows them.
    const reports = spawnSync(process.execPath, [cli, 'report', 'list', '--state-dir', lab.stateDir], { encoding: 'utf8' });
    expect(reports.stdout).toMatch(/forgotten-kill-switch-\S+\s+\d+\/100\s+root cause right\s+mitigated/);
    const latest = spawnSync(process.execPath, [cli, 'report', 'latest', '--state-dir', lab.stateDir], { encoding: 'utf8' });
    expect(latest.stdout).toMatch(/^# /m);
    expect(latest.stdout).toContain('fulfillmentDispatchPaused');
  });
});

describe('the chaos runner in a running lab', () => {
  it('injects forgotten-kill-switch as dan; SIGKILL the runner, then chaos reset restores flags and load', async () => {
    const load = trafficConfig();
    await dispatchRunning();
    const runner = startRunner('forgotten-kill-switch', '--until', '10m');
    await runner.said('all steps done', 90_000);
    expect(flagsAtHead().flags.fulfillmentDispatchPaused?.defaultVariant).toBe('on');
    expect(execFileSync('git', ['-C', join(lab.stateDir, 'shop'), 'log', '-1', '--format=%an|%s'], { encoding: 'utf8' }).trim()).toBe('Dan Moreno|FUL-170 pause dispatch during acme\'s maintenance window');
    expect(trafficConfig()).toMatch(/sessionsPerSecond: 2\n/);
    await until('fulfillment reports dispatch paused', async () => (await promValue(lab, 'max(fulfillment_dispatch_paused)')) === 1, { timeoutMs: 60_000, everyMs: 500 });
    // The scenario's own incident probes: the backlog grows while the site looks healthy.
    const { scenario } = loadScenario(root, 'forgotten-kill-switch');
    await until('every incident probe of forgotten-kill-switch', async () => (await checkProbes(probeEnv(lab), scenario.probes.incident)).every((p) => p.ok), { timeoutMs: 90_000, everyMs: 1000 });
    expect((await fetch(`http://127.0.0.1:${lab.ports.storefront}/`)).status).toBe(200);

    // The desk's world tools serve this scenario's world now, not storefront-offline's.
    const keysOf = (pack: string) => new Set((parseYaml(readFileSync(join(root, 'chaos', 'scenarios', pack, 'world', 'jira.yaml'), 'utf8')) as { issues: Array<{ key: string }> }).issues.map((i) => i.key));
    const searched = (await (await fetch(`http://127.0.0.1:${lab.ports.desk}/tools/jira_search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ limit: 50 }) })).json()) as { ok: boolean; result: { issues: Array<{ key: string }> } };
    const keys = searched.result.issues.map((i) => i.key);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => keysOf('forgotten-kill-switch').has(k)), keys.join(', ')).toBe(true);
    expect(keys.some((k) => keysOf('storefront-offline').has(k))).toBe(false);

    // So do the coworkers: this scenario's people, its channels' past, its live flags.
    const client = slackAs(lab);
    const fulfillment = (await client.conversations.history({ channel: await channelId(client, 'fulfillment'), limit: 200 })).messages ?? [];
    expect(fulfillment.some((m) => m.text?.includes('FUL-170'))).toBe(true);
    expect(fulfillment.some((m) => m.text?.includes('PERF-812'))).toBe(false);
    const dan = await ask(lab, 'incidents', '@dan is fulfillment dispatching? is any flag paused?');
    expect(dan.first.username).toBe('Dan Moreno');
    expect(dan.first.text).toMatch(/fulfillmentDispatchPaused: on/);
    const kevin = await ask(lab, 'incidents', '@kevin any infra changes this week?');
    expect(kevin.first.text).toMatch(/no @kevin on this incident/i);

    runner.child.kill('SIGKILL');
    await runner.exited;
    const status = firedrill('chaos', 'status').stdout;
    expect(status).toContain('runner gone');
    expect(status).toContain('2 change(s) in place');
    // The facilitator's record: each change by one of the four step kinds, still in place.
    const steps = status.split('\n').filter((l) => /^ {2}\+\d+s {2}/.test(l));
    expect(steps.map((l) => l.trim().split(/\s+/)[1])).toEqual(['flag', 'load']);
    expect(steps.every((l) => l.endsWith('; in place'))).toBe(true);
    const reset = firedrill('chaos', 'reset');
    expect(reset.status).toBe(0);
    expect(reset.stdout).toContain('reset: 2 change(s) undone');
    expect(flagsAtHead().flags.fulfillmentDispatchPaused?.defaultVariant).toBe('off');
    expect(trafficConfig()).toBe(load);
    await until('dispatch resumes', async () => (await promValue(lab, 'max(fulfillment_dispatch_paused)')) === 0, { timeoutMs: 60_000, everyMs: 500 });
    expect(firedrill('chaos', 'reset').stdout).toContain('nothing to undo');
    expect(firedrill('chaos', 'status').stdout).toContain('no change in place');
  });

  it('with the runner gone, the lab undoes a change once its time-to-live is up', async () => {
    const runner = await killSwitchFlipped('--ttl', '20s');
    runner.child.kill('SIGKILL');
    await runner.exited;
    expect(flagsAtHead().flags.fulfillmentDispatchPaused?.defaultVariant).toBe('on');
    await until('the lab to undo the expired flag', () => flagsAtHead().flags.fulfillmentDispatchPaused?.defaultVariant === 'off', { timeoutMs: 90_000, everyMs: 500 });
    expect(lab.output()).toMatch(/expired chaos change\(s\) undone/);
    expect(firedrill('chaos', 'status').stdout).toContain('no change in place');
  });

  it('chaos reset from another terminal undoes a running game, and its runner ends by itself', async () => {
    const runner = await killSwitchFlipped('--until', '10m');
    const reset = firedrill('chaos', 'reset');
    expect(reset.stdout).toMatch(/reset: \d change\(s\) undone/);
    expect(await runner.exited).toBe(0);
    expect(runner.out()).toMatch(/ended \(reset from elsewhere \(chaos reset\)\); 0 change\(s\) undone/);
    expect(runner.out()).not.toContain('step 1 (load)');
    expect(flagsAtHead().flags.fulfillmentDispatchPaused?.defaultVariant).toBe('off');
    expect(firedrill('chaos', 'status').stdout).toContain('no change in place');
  });

  it('Ctrl-C ends the game and undoes everything; an unhealthy lab is refused, naming the probe', async () => {
    const runner = await killSwitchFlipped('--until', '10m');
    runner.child.kill('SIGINT');
    expect(await runner.exited).toBe(0);
    expect(runner.out()).toMatch(/ended \(stopped \(signal\)\); \d change\(s\) undone/);
    expect(flagsAtHead().flags.fulfillmentDispatchPaused?.defaultVariant).toBe('off');

    await callControl<PodSummary>(lab.socket, 'POST', '/scale/storefront', { replicas: 0 });
    try {
      const refused = firedrill('chaos', 'inject', 'storefront-offline');
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain('the lab is not in steady state, nothing was injected');
      expect(refused.stderr).toMatch(/storefront home answers: storefront unreachable/);
      expect(firedrill('chaos', 'status').stdout).toContain('no change in place');
    } finally {
      await callControl<PodSummary>(lab.socket, 'POST', '/scale/storefront', { replicas: 1 });
    }
    const bad = firedrill('chaos', 'inject', 'storefront-ofline');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/no scenario "storefront-ofline"; known: forgotten-kill-switch, storefront-offline/);
  });
});
