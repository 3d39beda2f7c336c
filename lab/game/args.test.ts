import { describe, expect, it } from 'vitest';
import { agentNameOf, parseGameArgs } from './args.js';

const STATE = '/tmp/fd-state';
const parse = (...argv: string[]) => parseGameArgs(STATE, argv);

describe('parseGameArgs', () => {
  it('reads start with its scenario, ttl, force and state dir', () => {
    expect(parse('start', 'storefront-offline', '--ttl', '30m', '--force', '--state-dir', '/tmp/other')).toMatchObject({
      sub: 'start', scenario: 'storefront-offline', ttl: '30m', force: true, stateDir: '/tmp/other',
    });
    expect(parse('start', 'forgotten-kill-switch')).toMatchObject({ stateDir: STATE, ttl: undefined, force: false });
  });

  it('reads run with the agent command, budget and times, naming the agent after its script', () => {
    const args = parse('run', 'forgotten-kill-switch', '--agent-cmd', 'node dist/lab/game/agents/reference.js', '--max-steps', '60', '--timeout', '4m', '--incident-wait', '0s');
    expect(args).toMatchObject({ sub: 'run', scenario: 'forgotten-kill-switch', agentCmd: 'node dist/lab/game/agents/reference.js', agentName: 'reference', maxSteps: 60, timeoutMs: 240_000, incidentWaitMs: 0 });
    expect(parse('run', 'x', '--agent-cmd', 'claude -p "$FIREDRILL_BRIEFING"', '--agent-name', 'claude-opus').agentName).toBe('claude-opus');
  });

  it('defaults the budget to 100 steps, 10 minutes, and a 10 minute wait for the incident', () => {
    expect(parse('run', 'x', '--agent-cmd', 'a')).toMatchObject({ maxSteps: 100, timeoutMs: 600_000, incidentWaitMs: 600_000 });
  });

  it('takes status, end and list without a scenario', () => {
    for (const sub of ['status', 'end', 'list']) expect(parse(sub)).toMatchObject({ sub, scenario: undefined });
    expect(parse('list', '--state-dir', 'rel').stateDir).toMatch(/\/rel$/);
  });

  it('names what is wrong and what it expects', () => {
    expect(() => parse()).toThrow(/unknown subcommand ""; one of start, status, end, list, run/);
    expect(() => parse('begin')).toThrow(/unknown subcommand "begin"/);
    expect(() => parse('start')).toThrow(/which scenario\?/);
    expect(() => parse('start', 'a', 'b')).toThrow(/got a b/);
    expect(() => parse('status', 'extra')).toThrow(/unexpected argument "extra"/);
    expect(() => parse('run', 'x')).toThrow(/--agent-cmd "<command>" is required/);
    expect(() => parse('run', 'x', '--agent-cmd', 'a', '--max-steps', '0')).toThrow(/--max-steps expects a whole number from 1 to 10000/);
    expect(() => parse('run', 'x', '--agent-cmd', 'a', '--max-steps', '2.5')).toThrow(/--max-steps/);
    expect(() => parse('run', 'x', '--agent-cmd', 'a', '--timeout', '4 minutes')).toThrow(/--timeout expects a duration such as 30s, 10m or 1h/);
    expect(() => parse('run', 'x', '--agent-cmd', 'a', '--timeout')).toThrow(/--timeout needs a value/);
    expect(() => parse('run', 'x', '--agent-cmd', 'a', '--agent-name', 'no spaces')).toThrow(/--agent-name expects/);
    expect(() => parse('start', 'x', '--max-steps', '5')).toThrow(/--max-steps is only for game run/);
    expect(() => parse('end', '--force')).toThrow(/--force is for start and run/);
    expect(() => parse('list', '--bogus')).toThrow(/unexpected option "--bogus"/);
  });

  it('throws GameError with a usage code', () => {
    expect(() => parse('nope')).toThrow(expect.objectContaining({ name: 'GameError', code: 'game_usage' }));
  });
});

describe('parseGameArgs on Kubernetes', () => {
  it('plays in the namespace given; the cluster options need --runtime kubernetes', () => {
    expect(parse('start', 'storefront-offline', '--runtime', 'kubernetes', '--namespace', 'firedrill').cluster).toEqual({ namespace: 'firedrill', context: undefined, allowOtherContext: false });
    expect(parse('end', '--runtime', 'kubernetes', '--namespace', 'team2', '--context', 'kind-x', '--allow-other-context').cluster).toEqual({ namespace: 'team2', context: 'kind-x', allowOtherContext: true });
    expect(parse('list').cluster).toBeUndefined();
    expect(() => parse('start', 'x', '--runtime', 'kubernetes')).toThrow(/needs --namespace/);
    expect(() => parse('status', '--namespace', 'firedrill')).toThrow(/are for --runtime kubernetes/);
    expect(() => parse('status', '--runtime', 'nomad')).toThrow(/expects local or kubernetes/);
  });
});

describe('agentNameOf', () => {
  it('prefers the script, then the program, skipping launchers, options and env assignments', () => {
    expect(agentNameOf('node dist/lab/game/agents/reference.js')).toBe('reference');
    expect(agentNameOf('npx tsx ./agents/triage.ts')).toBe('triage');
    expect(agentNameOf('FOO=1 claude -p "$FIREDRILL_BRIEFING" --mcp-config x.json')).toBe('claude');
    expect(agentNameOf('python3 -u bots/responder.py')).toBe('responder');
    expect(agentNameOf('/usr/local/bin/codex exec')).toBe('codex');
    expect(agentNameOf('   ')).toBe('agent');
  });
});
