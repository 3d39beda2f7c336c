import type { IncidentSummary } from '../../../lab/pager/model.js';
import type { JournalEntry } from '../../desk/journal/journal.js';
import type { Caller } from '../../desk/registry/tool.js';
import { context, escapeMrkdwn, fieldSections, fitEscaped, header, LIMITS, section } from './blocks.js';
import { formatElapsed, gameOf, sinceInjection, utcClock, type Game } from './game.js';
import type { DrillAnswer, DrillDeps } from './types.js';

/** The status board's own lookups are the bot's, not the investigator's: the report leaves them out. */
const DRILL_CALLER: Caller = { kind: 'bot', name: 'drill', via: 'slack' };
const MAX_LISTED = 10;

/** What the people (and agents) working the incident have done since it was injected. */
export interface Activity {
  calls: number;
  tools: number;
  remediations: number;
  messages: number;
  statusUpdates: number;
  hints: number;
}

/**
 * Counted from the journal since injection. Calls by coworkers (caller kind `bot`) and
 * messages the bot posted as a persona are not the investigator's and are left out.
 */
export function activitySince(entries: readonly JournalEntry[], game: Game, remediationTools: ReadonlySet<string>): Activity {
  const recent = sinceInjection(entries, game);
  const calls = recent.flatMap((e) => (e.type === 'call' && e.caller.kind !== 'bot' ? [e] : []));
  const messages = recent.flatMap((e) => (e.type === 'message' && e.persona === undefined ? [e] : []));
  return {
    calls: calls.length,
    tools: new Set(calls.map((c) => c.tool)).size,
    remediations: calls.filter((c) => remediationTools.has(c.tool)).length,
    messages: messages.length,
    statusUpdates: messages.filter((m) => m.intent === 'status').length,
    hints: recent.filter((e) => e.type === 'game' && e.event === 'hint').length,
  };
}

/** Open pager incidents as lines, or why they could not be read. */
async function firing(deps: Pick<DrillDeps, 'desk'>): Promise<string> {
  const answer = await deps.desk.callTool('pagerduty_list_incidents', { limit: 100 }, DRILL_CALLER);
  if (!answer.ok) return `_the pager did not answer (${escapeMrkdwn(answer.error.code)}: ${fitEscaped(answer.error.message, 300)})_`;
  const { incidents } = answer.result as { incidents: IncidentSummary[] };
  const open = incidents.filter((i) => i.status !== 'resolved');
  if (open.length === 0) return '_nothing is firing in the pager_';
  const lines = open.slice(0, MAX_LISTED).map((i) => {
    const facts = [i.status, i.severity, i.service ?? 'no service', `since ${utcClock(new Date(i.createdAt))}`, `on ${i.assignee}`];
    return fitEscaped(`• ${i.id} ${i.title} — ${facts.join(' · ')}`, 250);
  });
  return [...lines, ...(open.length > MAX_LISTED ? [`_(${open.length - MAX_LISTED} more open incidents)_`] : [])].join('\n');
}

/**
 * `/drill status`: what is firing, what has been done and how long the incident has run.
 * Posted to the channel: the whole team plays the same game.
 */
export async function drillStatus(deps: DrillDeps): Promise<DrillAnswer> {
  const briefing = await deps.desk.briefing();
  const game = gameOf(briefing);
  if (!game) {
    return { text: `no game is on. ${briefing.text}`, blocks: [section(`*No game is on.* ${fitEscaped(briefing.text, 2500)}`)], ephemeral: true };
  }
  const [entries, tools, open] = await Promise.all([deps.journal(), deps.desk.listTools(), firing(deps)]);
  const activity = activitySince(entries, game, new Set(tools.filter((t) => t.kind === 'remediation').map((t) => t.name)));
  const elapsed = formatElapsed(deps.now().getTime() - game.injectedAt.getTime());
  const fields: Array<[string, string | number]> = [
    ['Elapsed', elapsed], ['Tool calls', activity.calls], ['Distinct tools', activity.tools], ['Remediation calls', activity.remediations],
    ['Messages posted', activity.messages], ['Status updates', activity.statusUpdates], ['Hints taken', activity.hints],
  ];
  const blocks = [
    header(`Game: ${game.title}`),
    ...fieldSections(fields.map(([k, v]) => `*${k}*\n${v}`)),
    section(`*Firing*\n${open}`),
    context(fitEscaped(`${game.scenario} · injected at ${utcClock(game.injectedAt, true)}`, LIMITS.text)),
  ];
  const text = `${game.title}: ${elapsed} in; ${activity.calls} tool calls (${activity.tools} tools, ${activity.remediations} remediations), ${activity.messages} messages, ${activity.statusUpdates} status updates, ${activity.hints} hints`;
  return { text, blocks, ephemeral: false };
}
