import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { coworkers } from '../../lab/shop-repo/history.js';
import type { Person } from '../../lab/shop-repo/git.js';
import type { Scenario, Step } from '../scenario/schema.js';
import { applyConfig, applyLoad, commitFlag, flagVariant, postAlert, setFlagVariant, setYaml, type ChaosDeps } from './changes.js';
import type { ChangeTarget, Journal } from './journal.js';

export function durationMs(d: string): number {
  const m = /^(\d+)(ms|s|m|h)$/.exec(d);
  if (!m) throw new Error(`bad duration ${d}`);
  const n = Number(m[1]);
  return n * (m[2] === 'h' ? 3_600_000 : m[2] === 'm' ? 60_000 : m[2] === 's' ? 1000 : 1);
}

/** A scenario's person as git knows them: the shop's coworkers, or a persona of the pack. */
export function personFor(scenario: Scenario, handle: string): Person {
  const known = (coworkers as Record<string, Person>)[handle];
  if (known) return known;
  const persona = scenario.personas.find((p) => p.handle === handle);
  const name = typeof persona?.name === 'string' ? persona.name : handle.charAt(0).toUpperCase() + handle.slice(1);
  return { handle, name, email: `${handle}@shop.example` };
}

const commitMessage = (ticket: string | undefined, message: string, body?: string) => `${ticket ? `${ticket} ` : ''}${message}${body ? `\n\n${body}` : ''}`;

/**
 * Runs one step: works out what it will change and what that replaces, writes that to the
 * journal (fsynced) first, then makes the change the way a person would — a commit and a
 * deploy, a flag commit, the traffic driver's config, an alert to Alertmanager.
 */
export async function runStep(deps: ChaosDeps, journal: Journal, ctx: { run: string; scenario: Scenario; index: number; expiresAt: string }, step: Step): Promise<ChangeTarget> {
  const record = (target: ChangeTarget, id: string) => journal.append({ type: 'change', run: ctx.run, id, step: ctx.index, stepKind: step.kind, why: step.why ?? '', at: deps.now().toISOString(), expiresAt: ctx.expiresAt, target });
  const id = `${ctx.run}-${ctx.index}-${randomBytes(3).toString('hex')}`;
  if (step.kind === 'commit-and-deploy' || (step.kind === 'noise' && step.noise === 'deploy')) {
    const path = `config/${step.service}.yaml`;
    const prior = deps.repo().show(path) ?? '';
    const target: Extract<ChangeTarget, { kind: 'config' }> = { kind: 'config', service: step.service, path, prior, applied: setYaml(prior, step.set), commit: '' };
    record(target, id);
    target.commit = await applyConfig(deps, target, personFor(ctx.scenario, step.as), commitMessage(step.ticket, step.message, step.kind === 'commit-and-deploy' ? step.body : undefined));
    return target;
  }
  if (step.kind === 'flag') {
    const text = deps.repo().show('flags.json') ?? '';
    const target: Extract<ChangeTarget, { kind: 'flag' }> = { kind: 'flag', flag: step.flag, prior: flagVariant(text, step.flag), applied: step.variant, commit: '' };
    record(target, id);
    target.commit = commitFlag(deps, setFlagVariant(text, step.flag, step.variant), personFor(ctx.scenario, step.as), commitMessage(step.ticket, step.message));
    return target;
  }
  if (step.kind === 'load') {
    const prior = readFileSync(deps.trafficConfigFile, 'utf8');
    const target: Extract<ChangeTarget, { kind: 'load' }> = { kind: 'load', file: deps.trafficConfigFile, prior, applied: setYaml(prior, step.set) };
    record(target, id);
    await applyLoad(deps, target.applied);
    return target;
  }
  const startsAt = deps.now();
  const target: Extract<ChangeTarget, { kind: 'alert' }> = {
    kind: 'alert', labels: { alertname: step.alertname, service: step.service, severity: step.severity }, annotations: { summary: step.summary },
    startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + durationMs(step.lasts)).toISOString(),
  };
  record(target, id);
  await postAlert(deps, target, target.endsAt);
  return target;
}
