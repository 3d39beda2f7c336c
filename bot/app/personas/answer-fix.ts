import { matchFix, type Remedy } from './match.js';
import { approversOf, type Turn } from './turn.js';
import type { Reply } from './types.js';
import { list, say } from './voice.js';

const EFFECT_CHARS = 200;
const ROLLBACK_AFTER = '10 minutes';

/** A remedy's effect as one readable sentence: no asides, and past a couple of lines only its first clause. */
export function shortEffect(effect: string): string {
  const plain = effect.replace(/\s*\([^)]*\)/g, '').replace(/\s+/g, ' ').trim().replace(/[.\s]+$/, '');
  const clause = plain.length <= EFFECT_CHARS ? plain : (plain.split(';')[0] ?? plain);
  if (clause.length <= EFFECT_CHARS) return `${clause}.`;
  return `${clause.slice(0, clause.lastIndexOf(' ', EFFECT_CHARS))}\u2026`;
}

// Scenario targets are services (lowercase names) and flags (camelCase keys); each goes back its own way.
const isFlag = (target: string) => /[A-Z]/.test(target);

/**
 * How to undo the remedy if the probes do not recover: the way back every change needs. A
 * remedy that flips a flag is undone by flipping it back (its services are only its scope);
 * otherwise by redeploying what runs now.
 */
export function rollbackPlan(remedy: Remedy): string {
  const flags = remedy.targets.filter(isFlag);
  const services = remedy.targets.filter((t) => !isFlag(t));
  const back = flags.length > 0
    ? `set ${list(flags)} back to ${flags.length > 1 ? 'their' : 'its'} current value`
    : services.length > 0 ? `redeploy ${list(services)} at the version running now` : 'undo the change';
  return `if they do not recover within ${ROLLBACK_AFTER}, or get worse, ${back}, and say so in #incidents`;
}

/**
 * A fix proposal. An approver approves a real fix only where fixes are approved (the
 * incident channel, which the coach reads), stating how to verify and how to roll back;
 * everyone else points to an approver. A trap is questioned by anyone, with its effect as the
 * concern. Nothing recognised: the three questions any change review asks.
 */
export function answerFix(turn: Turn): Reply {
  const { persona, scenario, text, seed } = turn;
  const m = matchFix(text, scenario.remedies);
  const others = approversOf(scenario).filter((p) => p.handle !== persona.handle).map((p) => p.handle);
  const notMine = others.length > 0 ? say.notMyCall(others) : 'Nobody on this incident can sign that off.';
  const probes = scenario.probes.steady.map((p) => p.name);
  const reply = (verdict: Reply['verdict'], lines: readonly string[]): Reply => ({
    persona: persona.handle, text: lines.filter((l) => l.length > 0).join('\n'), verdict,
  });

  if (m.kind === 'trap' && m.remedy) {
    const r = m.remedy;
    return reply('questioned', [
      `${say.hold(seed)} If we ${r.action}: ${shortEffect(r.effect)}`,
      `Blast radius: ${list(r.targets)}, and it leaves whatever started this running.`,
      'What tells you it addresses the cause rather than a symptom?',
    ]);
  }
  if (m.kind === 'fix' && m.remedy) {
    const r = m.remedy;
    if (!persona.approves) return reply('questioned', [say.makesSense, notMine]);
    if (!turn.inIncidentChannel) return reply('questioned', [`*${r.name}* sounds right.`, say.inChannel(turn.incidentChannel)]);
    return {
      ...reply('approved', [
        `${say.approve(seed)} *${r.name}*: ${r.action}.`,
        `Expect: ${shortEffect(r.effect)}`,
        `Verify with the steady-state probes: ${list(probes)}.`,
        `Rollback: ${rollbackPlan(r)}.`,
      ]),
      approval: { fix: r.name, targets: [...r.targets] },
    };
  }
  return reply('questioned', [say.beforeIApprove, `The probes that say the shop is healthy: ${list(probes)}.`, persona.approves ? '' : notMine]);
}
