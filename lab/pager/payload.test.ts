import { describe, expect, it } from 'vitest';
import { alertmanagerPayload } from '../../test/support/pager.js';
import { firstStartsAt, incidentService, incidentSeverity, incidentTitle, webhookPayloadSchema, type WebhookPayload } from './payload.js';

const parse = (body: unknown): WebhookPayload => webhookPayloadSchema.parse(body);

describe('Alertmanager webhook payload', () => {
  it('accepts what Alertmanager sends: nanosecond times, Go zero endsAt, extra fields', () => {
    const body = alertmanagerPayload('firing', [{ alertname: 'StorefrontDown', service: 'storefront', severity: 'critical', summary: 'Storefront is offline' }]);
    const p = parse({ ...(body as object), someFutureField: true });
    expect(p.alerts).toHaveLength(1);
    expect(p.groupKey).toBe('{}:{alertname="StorefrontDown", service="storefront"}');
  });

  it.each([
    ['version', { version: '3' }],
    ['status', { status: 'pending' }],
    ['groupKey', { groupKey: undefined }],
    ['alerts', { alerts: [] }],
  ])('names the bad field %s', (field, patch) => {
    const body = { ...(alertmanagerPayload('firing', [{ alertname: 'A' }]) as object), ...patch };
    const result = webhookPayloadSchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(field);
  });

  it('refuses an alert without a valid startsAt', () => {
    const body = alertmanagerPayload('firing', [{ alertname: 'A', startsAt: 'yesterday' }]);
    const result = webhookPayloadSchema.safeParse(body);
    expect(result.error?.issues[0]?.path).toEqual(['alerts', 0, 'startsAt']);
  });
});

describe('incident fields from a group', () => {
  it('takes the title from the common summary, severity and service from the common labels', () => {
    const p = parse(alertmanagerPayload('firing', [{ alertname: 'HighErrorRate', service: 'orders', severity: 'Critical', summary: 'Orders 5xx above 5 %' }]));
    expect(incidentTitle(p)).toBe('Orders 5xx above 5 %');
    expect(incidentSeverity(p)).toBe('critical');
    expect(incidentService(p)).toBe('orders');
  });

  it('falls back to the alert name, and to unknown severity and no service when the alerts disagree', () => {
    const p = parse(alertmanagerPayload('firing', [
      { alertname: 'PodRestarts', service: 'orders', severity: 'warning', summary: 'orders restarts' },
      { alertname: 'PodRestarts', service: 'seating', severity: 'critical', summary: 'seating restarts', fingerprint: 'b' },
    ], ['alertname']));
    expect(incidentTitle(p)).toBe('PodRestarts');
    expect(incidentSeverity(p)).toBe('unknown');
    expect(incidentService(p)).toBeNull();
  });

  it('dates the group from its earliest alert', () => {
    const p = parse(alertmanagerPayload('firing', [
      { alertname: 'A', startsAt: '2025-01-01T10:05:00Z' },
      { alertname: 'A', startsAt: '2025-01-01T11:04:00+01:00', fingerprint: 'b' },
    ]));
    expect(firstStartsAt(p)).toBe('2025-01-01T10:04:00.000Z');
  });
});
