import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { PagerStore } from './store.js';

export interface PagerMetrics {
  incidents: Counter<'severity'>;
  notifications: Counter<'status'>;
}

export function createPagerMetrics(registry: Registry): PagerMetrics {
  return {
    incidents: new Counter({
      name: 'pager_incidents_total',
      help: 'Incidents opened, by the severity label of their alert group.',
      labelNames: ['severity'],
      registers: [registry],
    }),
    notifications: new Counter({
      name: 'pager_notifications_total',
      help: 'Alertmanager webhook notifications accepted, by group status (firing or resolved).',
      labelNames: ['status'],
      registers: [registry],
    }),
  };
}

/** Open incidents read from the store at scrape time, so a restarted pager reports the same. */
export function registerOpenGauge(registry: Registry, store: PagerStore, log: Logger): void {
  new Gauge({
    name: 'pager_incidents_open',
    help: 'Incidents not yet resolved, by status (triggered or acknowledged).',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      try {
        const [triggered, acknowledged] = await Promise.all([store.count('triggered'), store.count('acknowledged')]);
        this.set({ status: 'triggered' }, triggered);
        this.set({ status: 'acknowledged' }, acknowledged);
      } catch (err) {
        // A scrape while Redis is down keeps the last values rather than failing the scrape.
        log.warn({ err }, 'cannot read open incidents for pager_incidents_open');
      }
    },
  });
}
