import type { ErrorBody } from '../../desk/registry/errors.js';
import type { ToolDescriptor } from '../../desk/registry/registry.js';
import { context, escapeMrkdwn, fitEscaped, header, LIMITS, packLines, section, type KnownBlock } from './blocks.js';
import type { Rendered } from './render.js';
import { argSpecs, describeArgs } from './schema.js';

/** Valid values listed in an error; an unknown service lists a catalog of 47. */
const MAX_VALID = 30;

/** How to call a tool: its description, one line per argument, and an example. */
export function argsHelp(tool: ToolDescriptor): KnownBlock[] {
  const specs = argSpecs(tool.inputSchema);
  const lines = specs.length === 0 ? ['_no arguments_'] : describeArgs(tool.inputSchema).map((l) => escapeMrkdwn(l));
  const example = specs.filter((s) => s.required).map((s) => `${s.name}=…`).join(' ');
  const packed = packLines([`*${tool.name} takes:*`, ...lines]);
  return [
    ...packed.map(section),
    context(fitEscaped(`/drill ${tool.name}${example ? ` ${example}` : ''} — key=value pairs (quote values with spaces: key="a b") or one JSON object`, LIMITS.text)),
  ];
}

/** What the desk says would have been valid, as a short list. */
function validLine(valid: readonly string[]): string {
  const shown = valid.slice(0, MAX_VALID).map((v) => `\`${escapeMrkdwn(v)}\``).join(', ');
  return `*Valid:* ${shown}${valid.length > MAX_VALID ? ` … (${valid.length - MAX_VALID} more)` : ''}`;
}

/**
 * A desk refusal, said plainly: its code and message, the argument it is about and what
 * would have been valid; for a call the tool could not take, the tool's arguments too.
 */
export function renderToolError(input: { tool: string; error: ErrorBody; descriptor: ToolDescriptor | undefined }): Rendered {
  const { tool, error, descriptor } = input;
  // A call the tool could not take is answered with how to call it; its valid list (the argument names) would repeat that.
  const argumentProblem = error.code === 'invalid_arguments' || error.code === 'invalid_json';
  const valid = error.valid ?? [];
  const lines = [
    `:warning: *${escapeMrkdwn(tool)}* failed: \`${escapeMrkdwn(error.code)}\``,
    fitEscaped(error.message, 1500),
    ...(error.field ? [`*Argument:* \`${escapeMrkdwn(error.field)}\``] : []),
    // The desk's messages for unknown objects already list the first valid ones.
    ...(valid.length > 0 && !argumentProblem && !/\bvalid:/i.test(error.message) ? [validLine(valid)] : []),
  ];
  const blocks = [
    ...packLines(lines).map(section),
    ...(argumentProblem && descriptor ? argsHelp(descriptor) : []),
  ];
  return { text: `${tool} failed: ${error.code}: ${error.message}`.slice(0, LIMITS.text), blocks: blocks.slice(0, LIMITS.blocks) };
}

/** Arguments /drill could not read (bad JSON, a word without =): what is wrong, then how to write them. */
export function renderBadArgs(input: { tool: ToolDescriptor; problem: string }): Rendered {
  const blocks = [section(`:warning: *${escapeMrkdwn(input.tool.name)}*: ${fitEscaped(input.problem, 2000)}`), ...argsHelp(input.tool)];
  return { text: `${input.tool.name}: ${input.problem}`.slice(0, LIMITS.text), blocks: blocks.slice(0, LIMITS.blocks) };
}

/** `/drill help <tool>`. */
export function renderToolHelp(tool: ToolDescriptor): Rendered {
  const kind = tool.kind === 'remediation' ? ' :wrench: remediation — changes the running lab' : '';
  const blocks = [header(tool.name), section(`${fitEscaped(tool.description, 2500)}${kind}`), ...argsHelp(tool)];
  return { text: `${tool.name}: ${tool.description}`.slice(0, LIMITS.text), blocks: blocks.slice(0, LIMITS.blocks) };
}
