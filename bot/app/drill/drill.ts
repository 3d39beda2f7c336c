import { didYouMean } from '../../../chaos/scenario/suggest.js';
import type { Caller } from '../../desk/registry/tool.js';
import { parseDrillArgs } from './args.js';
import { fitEscaped, section } from './blocks.js';
import { renderCatalog, renderHelp } from './catalog.js';
import { drillHint } from './hint.js';
import { renderToolResult } from './render.js';
import { renderBadArgs, renderToolError, renderToolHelp } from './render-error.js';
import { drillStatus } from './status.js';
import type { DrillAnswer, DrillDeps, DrillInput } from './types.js';

export type { DrillAnswer, DrillDeps, DrillInput } from './types.js';
export { parseDrillArgs, type ParsedArgs } from './args.js';

const SUBCOMMANDS = ['help', 'tools', 'status', 'hint'] as const;

/** Slack sends &, < and > escaped, and a URL as <https://…|label>; tools want what was typed. */
export function unescapeSlack(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>]+)(?:\|[^>]*)?>/g, '$1')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const privately = (text: string): DrillAnswer => ({ text, blocks: [section(fitEscaped(text, 3000))], ephemeral: true });

/** A close name when there is one; never didYouMean's list of all 49 otherwise. */
function unknownTool(name: string, known: readonly string[]): DrillAnswer {
  const close = didYouMean(name, known);
  return privately(`unknown tool "${name}"${close.startsWith('; did you mean') ? close : ';'} /drill tools lists them`);
}

/** `/drill <tool> <args>`: parse the arguments against the tool's schema, call the desk as the person, render. */
async function callTool(name: string, rest: string, input: DrillInput, deps: DrillDeps): Promise<DrillAnswer> {
  const tools = await deps.desk.listTools();
  const tool = tools.find((t) => t.name === name);
  if (!tool) return unknownTool(name, [...tools.map((t) => t.name), ...SUBCOMMANDS]);
  const parsed = parseDrillArgs(rest, tool.inputSchema);
  if (!parsed.ok) return { ...renderBadArgs({ tool, problem: parsed.problem }), ephemeral: true };
  const caller: Caller = { kind: 'slack', name: input.userName, via: 'slack' };
  const answer = await deps.desk.callTool(name, parsed.args, caller);
  if (!answer.ok) return { ...renderToolError({ tool: name, error: answer.error, descriptor: tool }), ephemeral: true };
  return { ...renderToolResult({ tool: name, args: parsed.args, result: answer.result, by: input.userName, seq: answer.seq }), ephemeral: false };
}

async function help(topic: string, deps: DrillDeps): Promise<DrillAnswer> {
  if (topic === '') return { ...renderHelp(), ephemeral: true };
  const tools = await deps.desk.listTools();
  const tool = tools.find((t) => t.name === topic.toLowerCase());
  if (tool) return { ...renderToolHelp(tool), ephemeral: true };
  return unknownTool(topic, tools.map((t) => t.name));
}

/**
 * The `/drill` slash command's domain: help, the tool catalog, any desk tool called as the
 * person typing, the game's status and hints. No Slack objects here: the Bolt listener acks,
 * passes the text and posts the answer (in the channel unless `ephemeral`). A desk that does
 * not answer (`desk_unavailable`) is said so, privately; other failures are thrown.
 */
export async function runDrill(input: DrillInput, deps: DrillDeps): Promise<DrillAnswer> {
  const text = unescapeSlack(input.text).trim();
  const space = text.search(/\s/);
  const head = (space < 0 ? text : text.slice(0, space)).toLowerCase();
  const rest = space < 0 ? '' : text.slice(space + 1).trim();
  try {
    if (head === '' || head === 'help') return await help(rest, deps);
    if (head === 'tools') return { ...renderCatalog(await deps.desk.listTools()), ephemeral: true };
    if (head === 'status') return await drillStatus(deps);
    if (head === 'hint') return await drillHint(input, deps);
    return await callTool(head, rest, input, deps);
  } catch (err) {
    // A desk that is down is expected (the lab is stopped): say so. Anything else is a bug for the listener to log.
    if ((err as { code?: unknown }).code !== 'desk_unavailable') throw err;
    return privately(`/drill ${head}: ${(err as Error).message}`);
  }
}
