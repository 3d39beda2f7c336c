import type { Logger } from 'pino';
import type { ErrorReporter } from '../kit/error-report.js';
import type { SeatingDeployConfig } from './config.js';
import type { SeatingMetrics } from './metrics.js';
import type { SeatingStore } from './store.js';

/** What the seating domain functions need; built once in createSeatingApp. */
export interface SeatingDomain {
  store: SeatingStore;
  deploy: SeatingDeployConfig;
  metrics: SeatingMetrics;
  errors: ErrorReporter;
  log: Logger;
}
