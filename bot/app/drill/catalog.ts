import type { ToolDescriptor } from '../../desk/registry/registry.js';
import { context, escapeMrkdwn, header, LIMITS, oneLine, packLines, section } from './blocks.js';
import type { Rendered } from './render.js';

/** The family a person types: the name up to its first underscore (prometheus, kubectl, deploy). */
export const familyOf = (name: string) => name.split('_')[0] ?? name;

/** The first sentence of a description, kept to one line of a listing. */
function firstSentence(description: string): string {
  // "e.g." and "i.e." do not end a sentence.
  const end = description.search(/(?<!\b(?:e\.g|i\.e|etc|vs))\.(?=\s|$)/);
  return oneLine(end < 0 ? description : description.slice(0, end + 1), 140);
}

/** `/drill tools`: every desk tool by family, in the desk's order, remediation tools marked. */
export function renderCatalog(tools: readonly ToolDescriptor[]): Rendered {
  const families = new Map<string, ToolDescriptor[]>();
  for (const t of tools) families.set(familyOf(t.name), [...(families.get(familyOf(t.name)) ?? []), t]);
  const lines = [...families].flatMap(([family, members]) => [
    `*${escapeMrkdwn(family)}*`,
    ...members.map((t) => `• \`${escapeMrkdwn(t.name)}\` — ${escapeMrkdwn(firstSentence(t.description))}${t.kind === 'remediation' ? ' :wrench: _remediation_' : ''}`),
  ]);
  const remediation = tools.filter((t) => t.kind === 'remediation').length;
  const blocks = [
    header(`Desk tools (${tools.length})`),
    ...packLines(lines).map(section),
    context(`:wrench: remediation tools (${remediation}) change the running lab. \`/drill help <tool>\` shows a tool's arguments; \`/drill <tool> key=value …\` calls it.`),
  ];
  return { text: `${tools.length} desk tools in ${families.size} families`, blocks: blocks.slice(0, LIMITS.blocks) };
}

const USAGE = [
  '• `/drill tools` — every desk tool, by family',
  '• `/drill help <tool>` — what a tool returns and the arguments it takes',
  '• `/drill <tool> key=value …` — call a tool; quote values with spaces, e.g. `/drill prometheus_query query="sum(rate(orders_http_requests_total[1m]))"`',
  '• `/drill <tool> {"key": "value"}` — the same with one JSON object of arguments',
  '• `/drill status` — what is firing, what has been done so far, time since the incident began',
  '• `/drill hint` — the next hint for the incident (each hint costs score)',
  '• `/drill report` — write the incident report (a form; `/drill report thread` asks in a thread); the graded report comes back as a file',
];

/** `/drill` and `/drill help`. */
export function renderHelp(): Rendered {
  return {
    text: `/drill — work the incident from Slack\n${USAGE.join('\n')}`,
    blocks: [
      section('*/drill* — work the incident from Slack with the desk\'s tools'),
      section(USAGE.map(escapeMrkdwn).join('\n')),
      context('Tool results are posted to the channel for the team; help, hints and errors only you see.'),
    ],
  };
}
