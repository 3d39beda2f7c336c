import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alive } from '../../lab/cli/lab.js';
import { archivedJournal, firedrillGame, lastGame, scorecardFile } from '../support/game.js';
import { cli, useSharedLab } from '../support/lab.js';

const lab = useSharedLab();

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
    const r = await firedrillGame(lab, 'run', 'forgotten-kill-switch', '--agent-cmd', 'node dist/lab/game/agents/idle.js', '--timeout', '20s');
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

    // The reports the desk wrote, as `firedrill report` lists and shows them.
    const reports = spawnSync(process.execPath, [cli, 'report', 'list', '--state-dir', lab.stateDir], { encoding: 'utf8' });
    expect(reports.stdout).toMatch(/forgotten-kill-switch-\S+\s+\d+\/100\s+root cause right\s+mitigated/);
    const latest = spawnSync(process.execPath, [cli, 'report', 'latest', '--state-dir', lab.stateDir], { encoding: 'utf8' });
    expect(latest.stdout).toMatch(/^# /m);
    expect(latest.stdout).toContain('fulfillmentDispatchPaused');
  });
});
