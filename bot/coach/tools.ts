/**
 * The coach's view of the desk's remediation tools. Telling customers or the pager what is
 * going on is communication, not a change, so it needs no approval; the report is the
 * investigation's conclusion, held to confirmation instead; everything else changes the lab.
 */
export type RemediationKind = 'change' | 'communication' | 'conclusion';

export const CONCLUSION_TOOL = 'incident_submit_report';
/** Posting to Slack is a desk 'read' tool (it changes nothing in the lab), but it yields no data. */
export const POSTING_TOOL = 'slack_post_message';
const COMMUNICATION_TOOLS: ReadonlySet<string> = new Set(['statuspage_update', 'pagerduty_acknowledge', 'pagerduty_resolve']);

export function remediationKind(tool: string): RemediationKind {
  if (tool === CONCLUSION_TOOL) return 'conclusion';
  return COMMUNICATION_TOOLS.has(tool) ? 'communication' : 'change';
}

/**
 * The argument naming what a change acts on. Unknown remediation tools are read by the
 * same names, so a new tool with a `service` argument is gated without a change here.
 */
const TARGET_ARGS: Readonly<Record<string, string>> = { deploy_rollback: 'service', kubectl_rollout_restart: 'deployment', featureflags_set: 'flag' };
const ANY_TARGET_ARGS = ['service', 'deployment', 'flag'] as const;

export function targetOf(tool: string, args: unknown): string | undefined {
  if (typeof args !== 'object' || args === null) return undefined;
  const record = args as Record<string, unknown>;
  const keys = TARGET_ARGS[tool] !== undefined ? [TARGET_ARGS[tool]] : ANY_TARGET_ARGS;
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/** The change in the words a teammate would use, for the example proposal in a refusal. */
export function describeChange(tool: string, args: unknown): string {
  const target = targetOf(tool, args);
  const variant = typeof args === 'object' && args !== null ? (args as Record<string, unknown>).variant : undefined;
  if (tool === 'deploy_rollback' && target) return `roll back ${target}'s last config change`;
  if (tool === 'kubectl_rollout_restart' && target) return `restart ${target}`;
  if (tool === 'featureflags_set' && target) return typeof variant === 'string' ? `set ${target} to ${variant}` : `switch ${target}`;
  return target ? `run ${tool} on ${target}` : `run ${tool}`;
}
