import type { Tool } from '../registry/tool.js';
import type { ReportWriter } from '../reports.js';
import type { DeskSignals, DeskSources } from '../sources.js';
import { createCiTools } from './ci.js';
import { createCloudwatchTools } from './cloudwatch.js';
import { createDatadogTools } from './datadog-metrics.js';
import { createDatadogTraceTools } from './datadog-traces.js';
import { createFeatureflagTools } from './featureflags.js';
import { createGitTools } from './git.js';
import { createImageTools } from './images.js';
import { createJiraTools } from './jira.js';
import { createKubectlTools } from './kubectl.js';
import { createLogTools } from './logs.js';
import { createOncallTools } from './oncall.js';
import { createPagerTools } from './pagerduty.js';
import { createPrometheusTools } from './prometheus.js';
import { createReportTools } from './report.js';
import { createRollbackTools } from './rollback.js';
import { createSentryTools } from './sentry.js';
import { createSlackTools } from './slack.js';
import { createStatuspageTools } from './statuspage.js';
import { createTerraformTools } from './terraform.js';
import { createWikiTools } from './wiki.js';

/** Every tool of the desk, by family, in the order `firedrill tools` lists them. */
export function createDeskTools(sources: DeskSources, signals: DeskSignals, reports?: ReportWriter): Tool[] {
  return [
    ...createSlackTools(sources),
    ...createSentryTools(signals.errors),
    ...createPagerTools(sources),
    ...createPrometheusTools(sources),
    ...createDatadogTools(sources),
    ...createDatadogTraceTools(signals.traces),
    ...createCloudwatchTools(sources),
    ...createLogTools(sources),
    ...createFeatureflagTools(sources),
    ...createGitTools(sources),
    ...createJiraTools(sources),
    ...createWikiTools(sources),
    ...createKubectlTools(sources),
    ...createCiTools(sources),
    ...createImageTools(sources),
    ...createRollbackTools(sources),
    ...createStatuspageTools(sources),
    ...createOncallTools(sources),
    ...createTerraformTools(sources),
    ...createReportTools(reports),
  ];
}
