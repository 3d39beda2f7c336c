/** What answers a family's calls: Prometheus, the scenario's world YAML files, or the rest of the lab. */
export type Backing = 'prometheus' | 'fixture' | 'lab';

export interface FamilyCall {
  tool: string;
  args: Record<string, unknown>;
  backing: Backing;
}

/** The PromQL the prometheus family is measured with, and sent straight to Prometheus as the reference. */
export const REFERENCE_PROMQL = 'sum by (job) (rate(process_cpu_seconds_total[1m]))';

/**
 * One representative read-only call per read family, with arguments the desk accepts on a
 * freshly started lab. Remediations are never measured: they change the lab under the bench.
 */
export const FAMILY_CALLS: Readonly<Record<string, FamilyCall>> = {
  prometheus: { tool: 'prometheus_query', args: { query: REFERENCE_PROMQL }, backing: 'prometheus' },
  datadog: { tool: 'datadog_query_metrics', args: { query: 'max:orders_pool_size{service:orders}', from: '5m', rollup: 15 }, backing: 'prometheus' },
  cloudwatch: { tool: 'cloudwatch_get_metrics', args: { namespace: 'Firedrill/Orders', metricName: 'PoolInUse', statistic: 'Maximum', period: 60, startTime: '15m' }, backing: 'prometheus' },
  jira: { tool: 'jira_search', args: { query: 'pool', limit: 10 }, backing: 'fixture' },
  wiki: { tool: 'wiki_search', args: { query: 'partner webhooks', limit: 5 }, backing: 'fixture' },
  oncall: { tool: 'oncall_who_is_on_call', args: {}, backing: 'fixture' },
  terraform: { tool: 'terraform_list_resources', args: { limit: 20 }, backing: 'fixture' },
  logs: { tool: 'logs_search', args: { query: 'request', since: '5m', limit: 20 }, backing: 'lab' },
  kubectl: { tool: 'kubectl_get_pods', args: {}, backing: 'lab' },
  git: { tool: 'git_recent_commits', args: { limit: 10 }, backing: 'lab' },
  ci: { tool: 'ci_list_runs', args: { limit: 10 }, backing: 'lab' },
  registry: { tool: 'registry_list_tags', args: { service: 'orders' }, backing: 'lab' },
  featureflags: { tool: 'featureflags_list', args: {}, backing: 'lab' },
  slack: { tool: 'slack_read_channel', args: { channel: '#incidents', limit: 20 }, backing: 'lab' },
  sentry: { tool: 'sentry_list_issues', args: { limit: 10 }, backing: 'lab' },
  pagerduty: { tool: 'pagerduty_list_incidents', args: { limit: 10 }, backing: 'lab' },
  statuspage: { tool: 'statuspage_get_status', args: {}, backing: 'lab' },
};

/** Families with no read tool, so nothing to measure without changing the lab. */
export const EXCLUDED_FAMILIES: Readonly<Record<string, string>> = {
  deploy: 'remediation only (deploy_rollback)',
  report: 'remediation only (incident_submit_report)',
};

/** Read families the registry lists that the bench neither measures nor excludes: must stay empty. */
export function unclassifiedFamilies(tools: ReadonlyArray<{ family: string; kind: string }>): string[] {
  const families = new Set(tools.map((t) => t.family));
  return [...families].filter((f) => !(f in FAMILY_CALLS) && !(f in EXCLUDED_FAMILIES)).sort();
}
