import type { Persona } from './types.js';

/**
 * How coworkers word things. Deterministic: the variant is chosen by a hash of the message
 * and the persona, so a replayed message gets the same reply and tests can pin it, while
 * consecutive messages still read like a person rather than a form letter.
 */

type Variants = readonly [string, ...string[]];

/** FNV-1a over the parts; small, stable across runs and platforms. */
export function seedOf(...parts: string[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export const pick = (variants: Variants, seed: number): string => variants[seed % variants.length] ?? variants[0];

export const firstName = (p: Persona): string => p.name.split(/\s+/)[0] ?? p.handle;

// What each kind of coworker watches, by role, so the wording fits whoever a pack brings.
const beats: readonly [RegExp, string][] = [
  [/fulfil/i, 'the dispatcher'],
  [/platform|infra|sre|ops/i, 'the platform'],
  [/order/i, 'orders'],
  [/ticket|seat/i, 'seating'],
  [/support|success/i, 'the support queue'],
];

/** The part of the shop this persona keeps an eye on ("the dispatcher", "orders"). */
export const beatOf = (p: Persona): string => beats.find(([re]) => re.test(p.role))?.[1] ?? `the ${p.role} side`;

export const list = (items: readonly string[], last: 'and' | 'or' = 'and'): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1) ?? ''}`;

export const at = (handle: string): string => `@${handle}`;

export const say = {
  greet: (p: Persona, seed: number) =>
    `${pick(['Hi!', 'Hey!', 'Morning!', 'Hello!'], seed)} ${firstName(p)} here, ${p.role}.` +
    (p.topics.length > 0 ? ` Ask me about ${list(p.topics)} and I'll look it up.` : ''),
  ack: (p: Persona, seed: number) =>
    `${pick(['Thanks for the update.', 'Got it, thanks.', 'Noted, thanks.', 'Thanks, that helps.'], seed)} I'm keeping an eye on ${beatOf(p)}; ping me if you need numbers from there.`,
  looked: (seed: number) => pick(['Here is what I see right now:', 'Just looked:', 'Live numbers from my side:', 'Checked just now:'], seed),
  notMine: (p: Persona, seed: number) => pick(['That is not really my area.', `That's outside ${beatOf(p)}, so I can't look it up.`, 'I only see part of that from here.'], seed),
  suspect: (suspects: string) => `Honestly? My hunch: *${suspects}*. I have not ruled anything out, though.`,
  confirm: (seed: number) => pick(['Yes, that matches what I see.', 'Agreed, that lines up.', "That fits. I think you've got it."], seed),
  partly: (seed: number) => pick(["That's part of it, yes.", 'You are on the right track.'], seed),
  partlyMore: 'Is that the whole story, though? Look at what else changed at the same time.',
  converted: (suspects: string) => `My hunch was _${suspects}_, but this explains it better.`,
  fitsFromAfar: (p: Persona) => `From ${beatOf(p)} it fits: what I see there looks like a consequence further down the chain, not the start of it.`,
  symptom: (seed: number) => pick(["That's real, but it looks like a symptom, not the cause.", 'I see that too, but I read it as an effect rather than the cause.'], seed),
  unrelated: (seed: number) => pick(["I don't think that's it.", "I'm not convinced that's related.", 'I doubt that is what broke the shop.'], seed),
  biased: (suspects: string) => `That was my own hunch (_${suspects}_), so I'm biased, but the data says otherwise.`,
  why: (reason: string) => `Why: ${reason}.`,
  askData: (seed: number) =>
    pick(['What data points that way? Show me a metric, a log line or a commit that connects it to the outage.', "Maybe, but what's the evidence? Which metric or log line ties it to when the shop broke?"], seed),
  nothingToSee: (p: Persona) => `Nothing I can look up on that from ${beatOf(p)}, sorry.`,
  canPull: (p: Persona) => (p.topics.length > 0 ? `I can pull ${list(p.topics)} if that helps.` : ''),
  approve: (seed: number) => pick(['Approved.', 'Go ahead, approved.', 'Approved from my side.'], seed),
  hold: (seed: number) => pick(["I'd hold off on that.", 'Careful, I would not do that yet.', "Let's not do that."], seed),
  notMyCall: (approvers: readonly string[]) => `It's not mine to sign off, though: ask ${list(approvers.map(at), 'or')} in #incidents.`,
  makesSense: 'Makes sense from where I sit.',
  inChannel: (channel: string) => `Post it in #${channel} so it's on the record and I'll review it there.`,
  beforeIApprove: 'Before anyone signs off: what is the blast radius, how do we roll it back, and which signal tells us it worked?',
  noIncident: 'No incident going on that I know of. If something looks off, post it in #incidents.',
};
