import type { Redis } from 'ioredis';
import { z } from 'zod';
import { createRedis } from '../../services/kit/redis.js';
import { createPagerApp, type PagerApp } from '../../lab/pager/app.js';
import { pagerDeploySchema, type PagerDeployConfig } from '../../lab/pager/config.js';
import { serveForTest, testBase, type Started } from './apps.js';

/** pager through createPagerApp with a real Redis, on port 0. */
export async function startPager(redisUrl: string, deploy: Partial<PagerDeployConfig> = {}): Promise<Started<PagerApp> & { redis: Redis }> {
  const { base, logs } = testBase('pager');
  const redis = createRedis({ url: redisUrl, log: base.log, connectionName: 'pager-test' });
  const app = createPagerApp({ base, redis, config: { deploy: pagerDeploySchema.parse(deploy) } });
  return { ...(await serveForTest(app, base, logs, () => redis.quit())), redis };
}

export interface AlertSpec {
  alertname: string;
  service?: string;
  severity?: string;
  summary?: string;
  fingerprint?: string;
  startsAt?: string;
}

/** An Alertmanager v4 webhook body, shaped as Alertmanager sends it for a group of alerts. */
export function alertmanagerPayload(status: 'firing' | 'resolved', alerts: AlertSpec[], groupBy: Array<'alertname' | 'service'> = ['alertname', 'service']): unknown {
  const first = alerts[0];
  if (!first) throw new Error('a notification carries at least one alert');
  const labelsOf = (a: AlertSpec): Record<string, string> => ({
    alertname: a.alertname,
    ...(a.service ? { service: a.service } : {}),
    ...(a.severity ? { severity: a.severity } : {}),
  });
  const common = (pick: (a: AlertSpec) => Record<string, string>): Record<string, string> =>
    Object.fromEntries(Object.entries(pick(first)).filter(([k, v]) => alerts.every((a) => pick(a)[k] === v)));
  const commonLabels = common(labelsOf);
  const groupLabels = Object.fromEntries(groupBy.filter((k) => commonLabels[k] !== undefined).map((k) => [k, commonLabels[k] ?? '']));
  const groupKey = `{}:{${Object.entries(groupLabels).map(([k, v]) => `${k}="${v}"`).join(', ')}}`;
  return {
    version: '4',
    groupKey,
    truncatedAlerts: 0,
    status,
    receiver: 'pager',
    groupLabels,
    commonLabels,
    commonAnnotations: common((a): Record<string, string> => (a.summary ? { summary: a.summary } : {})),
    externalURL: 'http://127.0.0.1:9093',
    alerts: alerts.map((a, i) => ({
      status,
      labels: labelsOf(a),
      annotations: a.summary ? { summary: a.summary } : {},
      startsAt: a.startsAt ?? '2025-01-01T10:00:00.123456789Z',
      endsAt: status === 'resolved' ? '2025-01-01T10:30:00Z' : '0001-01-01T00:00:00Z',
      generatorURL: `http://127.0.0.1:9090/graph?g0.expr=${encodeURIComponent(a.alertname)}`,
      fingerprint: a.fingerprint ?? `fp${i}${a.alertname.length.toString(16)}`,
    })),
  };
}

export const incidentSummarySchema = z.object({
  id: z.string().regex(/^P\d{6}$/),
  title: z.string(),
  status: z.enum(['triggered', 'acknowledged', 'resolved']),
  severity: z.string(),
  service: z.string().nullable(),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  alertCount: z.number(),
  groupKey: z.string(),
  assignee: z.string(),
  escalationLevel: z.number(),
});

export const timelineSchema = z.object({
  id: z.string(),
  timeline: z.array(z.object({
    at: z.string(),
    type: z.enum(['triggered', 'notified', 'acknowledged', 'escalated', 'resolved']),
    by: z.string().optional(),
    channel: z.string().optional(),
    message: z.string(),
  }).strict()),
});
