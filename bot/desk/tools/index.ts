import type { Tool } from '../registry/tool.js';
import type { DeskSources } from '../sources.js';
import { createCiTools } from './ci.js';
import { createFeatureflagTools } from './featureflags.js';
import { createGitTools } from './git.js';
import { createImageTools } from './images.js';
import { createKubectlTools } from './kubectl.js';
import { createLogTools } from './logs.js';
import { createPagerTools } from './pagerduty.js';
import { createPrometheusTools } from './prometheus.js';
import { createReportTools } from './report.js';
import { createRollbackTools } from './rollback.js';
import { createSlackTools } from './slack.js';
import { createStatuspageTools } from './statuspage.js';

/** Every tool of the desk, by family, in the order `firedrill tools` lists them. */
export function createDeskTools(sources: DeskSources): Tool[] {
  return [
    ...createSlackTools(sources),
    ...createPagerTools(sources),
    ...createPrometheusTools(sources),
    ...createLogTools(sources),
    ...createFeatureflagTools(sources),
    ...createGitTools(sources),
    ...createKubectlTools(sources),
    ...createCiTools(sources),
    ...createImageTools(sources),
    ...createRollbackTools(sources),
    ...createStatuspageTools(sources),
    ...createReportTools(),
  ];
}
