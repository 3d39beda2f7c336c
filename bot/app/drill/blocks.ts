import type { types } from '@slack/bolt';

// Through bolt (the declared dependency) rather than its transitive @slack/types.
export type KnownBlock = types.KnownBlock;
type ContextBlock = types.ContextBlock;
type HeaderBlock = types.HeaderBlock;
type SectionBlock = types.SectionBlock;

/** Slack's Block Kit limits: a message over any of them is refused whole (invalid_blocks). */
export const LIMITS = {
  blocks: 50,
  /** section text, context element text */
  text: 3000,
  fields: 10,
  fieldText: 2000,
  header: 150,
} as const;

/** Slack reads &, < and > as markup in mrkdwn (links, mentions); data must not become markup. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `raw` escaped and cut (with …) so the escaped text is at most `max` characters. */
export function fitEscaped(raw: string, max: number): string {
  const full = escapeMrkdwn(raw);
  if (full.length <= max) return full;
  let n = Math.max(0, max - 1 - (full.length - raw.length));
  while (n > 0 && escapeMrkdwn(raw.slice(0, n)).length > max - 1) n -= 1;
  return `${escapeMrkdwn(raw.slice(0, n))}…`;
}

/** Plain text cut to `max` characters with …, on one line. */
export function oneLine(raw: string, max: number): string {
  const flat = raw.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1))}…`;
}

/** A fence inside the data would end the code block early; a zero-width space breaks it. */
const unfence = (s: string) => s.replace(/```/g, '`\u200b``');

/** Characters a code block's fences and newlines take around its lines. */
export const FENCE_CHARS = '```\n\n```'.length;

/** One line as it goes into a code block: unfenced, escaped, and cut to `max` characters. */
export const codeLine = (raw: string, max: number = LIMITS.text - FENCE_CHARS) => fitEscaped(unfence(raw), max);

export const codeBlock = (lines: readonly string[]) => `\`\`\`\n${lines.join('\n')}\n\`\`\``;

export function header(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: oneLine(text, LIMITS.header) || ' ', emoji: true } };
}

/** A section of mrkdwn already escaped by the caller; cut to Slack's limit as a last guard. */
export function section(mrkdwn: string): SectionBlock {
  const text = mrkdwn.length <= LIMITS.text ? mrkdwn : `${mrkdwn.slice(0, LIMITS.text - 1)}…`;
  return { type: 'section', text: { type: 'mrkdwn', text: text || ' ' } };
}

/** Sections of at most 10 fields each; each field escaped mrkdwn, cut to Slack's limit. */
export function fieldSections(fields: readonly string[]): SectionBlock[] {
  const out: SectionBlock[] = [];
  for (let i = 0; i < fields.length; i += LIMITS.fields) {
    out.push({
      type: 'section',
      fields: fields.slice(i, i + LIMITS.fields).map((f) => ({ type: 'mrkdwn', text: f.length <= LIMITS.fieldText ? f : `${f.slice(0, LIMITS.fieldText - 1)}…` })),
    });
  }
  return out;
}

export function context(mrkdwn: string): ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwn.length <= LIMITS.text ? mrkdwn : `${mrkdwn.slice(0, LIMITS.text - 1)}…` }] };
}

/**
 * Lines packed into as few mrkdwn texts of at most `max` characters as they fit, in order;
 * a line longer than `max` is cut. For listings whose length is not known in advance.
 */
export function packLines(lines: readonly string[], max: number = LIMITS.text): string[] {
  const out: string[] = [];
  let cur = '';
  for (const raw of lines) {
    const line = raw.length <= max ? raw : `${raw.slice(0, max - 1)}…`;
    if (cur !== '' && cur.length + 1 + line.length > max) {
      out.push(cur);
      cur = line;
    } else cur = cur === '' ? line : `${cur}\n${line}`;
  }
  if (cur !== '') out.push(cur);
  return out;
}

/**
 * A message under construction that never passes 50 blocks: `add` refuses what does not
 * fit, keeping `reserve` blocks for the closing note that says what was left out.
 */
export function createPage(reserve = 1) {
  const blocks: KnownBlock[] = [];
  let omitted = 0;
  return {
    blocks,
    room: () => LIMITS.blocks - reserve - blocks.length,
    add(...more: KnownBlock[]): boolean {
      if (blocks.length + more.length > LIMITS.blocks - reserve) {
        omitted += more.length;
        return false;
      }
      blocks.push(...more);
      return true;
    },
    /** Adds the closing note in the reserved room. */
    close(note: KnownBlock | undefined): KnownBlock[] {
      if (note && blocks.length < LIMITS.blocks) blocks.push(note);
      return blocks;
    },
    omitted: () => omitted,
  };
}

export type Page = ReturnType<typeof createPage>;

/**
 * Every way `blocks` breaks Slack's limits, as sentences; empty when Slack would take them.
 * A guard for tests and for anyone composing blocks by hand.
 */
export function limitProblems(blocks: readonly KnownBlock[]): string[] {
  const problems: string[] = [];
  if (blocks.length > LIMITS.blocks) problems.push(`${blocks.length} blocks (at most ${LIMITS.blocks})`);
  blocks.forEach((b, i) => {
    if (b.type === 'header' && b.text.text.length > LIMITS.header) problems.push(`block ${i}: header of ${b.text.text.length} characters`);
    if (b.type === 'section') {
      const t = b.text?.text ?? '';
      if (t.length > LIMITS.text) problems.push(`block ${i}: section text of ${t.length} characters`);
      if (!b.text && !b.fields?.length) problems.push(`block ${i}: section with neither text nor fields`);
      if ((b.fields?.length ?? 0) > LIMITS.fields) problems.push(`block ${i}: ${b.fields?.length} fields`);
      for (const f of b.fields ?? []) if (f.text.length > LIMITS.fieldText) problems.push(`block ${i}: field of ${f.text.length} characters`);
    }
    if (b.type === 'context') {
      if (b.elements.length > 10) problems.push(`block ${i}: ${b.elements.length} context elements`);
      for (const e of b.elements) if ('text' in e && typeof e.text === 'string' && e.text.length > LIMITS.text) problems.push(`block ${i}: context text of ${e.text.length} characters`);
    }
  });
  return problems;
}
