/** The desk's tools of part 1 (issue 8), exactly as the seed and DESIGN.md name them. */
export const PART1_TOOLS = [
  'prometheus_query', 'prometheus_list_metrics', 'logs_list_services', 'logs_get_service_logs', 'logs_search',
  'kubectl_get_pods', 'kubectl_describe_pod', 'kubectl_get_events', 'kubectl_logs', 'featureflags_list', 'featureflags_get',
  'git_recent_commits', 'git_blame', 'pagerduty_list_incidents', 'pagerduty_get_timeline', 'ci_list_runs', 'ci_get_run_logs',
  'registry_list_tags', 'registry_get_manifest', 'slack_list_channels', 'slack_read_channel', 'slack_search', 'slack_post_message',
  'featureflags_set', 'deploy_rollback', 'kubectl_rollout_restart', 'statuspage_update', 'pagerduty_acknowledge', 'pagerduty_resolve',
  'incident_submit_report',
] as const;

export interface LabFacts {
  incidentId: string;
  runId: string;
  perf812: string;
}

/** Valid arguments for every tool that only reads, as an investigator would call them mid-incident. */
export function readCalls(f: LabFacts): Array<[string, Record<string, unknown>]> {
  return [
    ['prometheus_query', { query: 'sum(rate(fulfillment_webhook_attempts_total{outcome="timeout"}[1m]))' }],
    ['prometheus_query', { query: 'max(storefront_breaker_state{state="open"})', start: '5m', step: '15s' }],
    ['prometheus_list_metrics', { match: 'pool', service: 'orders' }],
    ['logs_list_services', {}],
    ['logs_get_service_logs', { service: 'fulfillment', tail: 20, level: 'warn' }],
    ['logs_search', { query: 'pool saturated', since: '10m', limit: 5 }],
    ['kubectl_get_pods', { namespace: 'firedrill' }],
    ['kubectl_describe_pod', { pod: 'orders' }],
    ['kubectl_get_events', { deployment: 'fulfillment', since: '30m' }],
    ['kubectl_logs', { pod: 'storefront', tail: 10 }],
    ['featureflags_list', {}],
    ['featureflags_get', { flag: 'fulfillmentDispatchPaused' }],
    ['git_recent_commits', { service: 'fulfillment', limit: 5 }],
    ['git_blame', { path: 'config/fulfillment.yaml' }],
    ['pagerduty_list_incidents', { status: 'triggered' }],
    ['pagerduty_get_timeline', { incidentId: f.incidentId }],
    ['ci_list_runs', { service: 'fulfillment', limit: 5 }],
    ['ci_get_run_logs', { runId: f.runId }],
    ['registry_list_tags', { service: 'fulfillment' }],
    ['registry_get_manifest', { service: 'fulfillment' }],
    ['slack_list_channels', {}],
    ['slack_read_channel', { channel: '#incidents', limit: 10 }],
    ['slack_search', { query: 'PERF-812' }],
  ];
}

/** For every tool, arguments that are wrong in one named field. */
export const badCalls: Array<[string, Record<string, unknown>, string]> = [
  ['prometheus_query', { query: 'rate(up[1m]' }, 'query'],
  ['prometheus_query', { query: 'up', start: 'yesterday-ish' }, 'start'],
  ['prometheus_list_metrics', { service: 'nosuchservice' }, 'service'],
  ['logs_list_services', { verbose: true }, 'verbose'],
  ['logs_get_service_logs', { service: 'fulfilment' }, 'service'],
  ['logs_search', { query: 'x', limit: 0 }, 'limit'],
  ['kubectl_get_pods', { namespace: 'kube-system' }, 'namespace'],
  ['kubectl_describe_pod', { pod: 'orders-abc-123' }, 'pod'],
  ['kubectl_get_events', { type: 'Error' }, 'type'],
  ['kubectl_logs', { pod: 'orders', tail: 'all' }, 'tail'],
  ['featureflags_list', { flag: 'x' }, 'flag'],
  ['featureflags_get', { flag: 'fulfilmentDispatchPaused' }, 'flag'],
  ['featureflags_set', { flag: 'fulfillmentDispatchPaused', variant: 'maybe' }, 'variant'],
  ['git_recent_commits', { limit: 1000 }, 'limit'],
  ['git_blame', { path: 'config/fulfilment.yaml' }, 'path'],
  ['pagerduty_list_incidents', { status: 'open' }, 'status'],
  ['pagerduty_get_timeline', { incidentId: 'INC-1' }, 'incidentId'],
  ['pagerduty_acknowledge', {}, 'incidentId'],
  ['pagerduty_resolve', { incidentId: 'P999999' }, 'incidentId'],
  ['ci_list_runs', { status: 'green' }, 'status'],
  ['ci_get_run_logs', { runId: 'run-9999' }, 'runId'],
  ['registry_list_tags', { service: 'payments' }, 'service'],
  ['registry_get_manifest', { service: 'fulfillment', tag: 'firedrill/fulfillment:0000000' }, 'tag'],
  ['slack_list_channels', { limit: 5 }, 'limit'],
  ['slack_read_channel', { channel: '#no-such-channel' }, 'channel'],
  ['slack_search', { query: '' }, 'query'],
  ['slack_post_message', { channel: 'incidents' }, 'text'],
  ['deploy_rollback', { service: 'checkout' }, 'service'],
  ['kubectl_rollout_restart', { deployment: 'nosuch' }, 'deployment'],
  ['statuspage_update', { status: 'down', message: 'x' }, 'status'],
  ['incident_submit_report', { summary: 'x', resolution: 'y', prevention: [] }, 'rootCause'],
];
