import { describe, expect, it } from 'vitest';
import { formatPath } from '../../../services/kit/validate.js';
import { exportTraceRequestSchema, spansOf } from './otlp.js';

const traceId = '0af7651916cd43dd8448eb211c80319c';

/** What @opentelemetry/exporter-trace-otlp-http sends (captured from the kit's tracing), trimmed. */
const exported = {
  resourceSpans: [{
    resource: { attributes: [{ key: 'service.name', value: { stringValue: 'orders' } }, { key: 'service.version', value: { stringValue: 'orders-abc1234' } }], droppedAttributesCount: 0 },
    scopeSpans: [{
      scope: { name: 'orders', version: 'orders-abc1234' },
      spans: [{
        traceId, spanId: 'b7ad6b7169203331', parentSpanId: '00f067aa0ba902b7', name: 'GET /carts/:cartId', kind: 2,
        startTimeUnixNano: '1796015195762000000', endTimeUnixNano: '1796015195863215086',
        attributes: [
          { key: 'http.response.status_code', value: { intValue: 503 } }, { key: 'big', value: { intValue: '9007199254740993' } },
          { key: 'ok', value: { boolValue: false } }, { key: 'ratio', value: { doubleValue: 0.5 } },
          { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: 2 }] } } },
          { key: 'map', value: { kvlistValue: { values: [{ key: 'k', value: { stringValue: 'v' } }] } } }, { key: 'empty', value: {} },
        ],
        droppedAttributesCount: 0,
        events: [{ name: 'exception', timeUnixNano: '1796015195800000000', attributes: [{ key: 'exception.type', value: { stringValue: 'AppError' } }] }],
        status: { code: 2, message: 'pool_exhausted' }, links: [], flags: 257,
      }],
    }],
  }],
};

describe('spansOf', () => {
  it('flattens an exporter\'s request: service from the resource, times in microseconds, attributes as values', () => {
    const [span, ...rest] = spansOf(exportTraceRequestSchema.parse(exported));
    expect(rest).toEqual([]);
    expect(span).toEqual({
      traceId, spanId: 'b7ad6b7169203331', parentSpanId: '00f067aa0ba902b7', name: 'GET /carts/:cartId', kind: 'server',
      service: 'orders', release: 'orders-abc1234', startUs: 1796015195762000, endUs: 1796015195863215,
      attributes: { 'http.response.status_code': 503, big: '9007199254740993', ok: false, ratio: 0.5, tags: ['a', 2], map: { k: 'v' }, empty: null },
      status: { code: 'error', message: 'pool_exhausted' },
      events: [{ name: 'exception', timeUs: 1796015195800000, attributes: { 'exception.type': 'AppError' } }],
    });
  });

  it('takes enum names, missing optional parts and upper-case hex', () => {
    const [span] = spansOf(exportTraceRequestSchema.parse({
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: traceId.toUpperCase(), spanId: 'B7AD6B7169203331', parentSpanId: '', name: 'x', kind: 'SPAN_KIND_CLIENT', startTimeUnixNano: 1, endTimeUnixNano: 2000, status: { code: 'STATUS_CODE_OK' } }] }] }],
    }));
    expect(span).toMatchObject({ traceId, spanId: 'b7ad6b7169203331', kind: 'client', service: 'unknown_service', status: { code: 'ok' }, startUs: 0, endUs: 2 });
    expect(span?.parentSpanId).toBeUndefined();
    expect(spansOf(exportTraceRequestSchema.parse({}))).toEqual([]);
  });

  it('names the field of a malformed span, and says ids are hex', () => {
    const bad = structuredClone(exported) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }> };
    const span = bad.resourceSpans[0]?.scopeSpans[0]?.spans[0];
    if (!span) throw new Error('fixture');
    span.traceId = 'CvdlGRbNQ91ESOshHIAxnA==';
    const result = exportTraceRequestSchema.safeParse(bad);
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(formatPath(issue?.path ?? [])).toBe('resourceSpans[0].scopeSpans[0].spans[0].traceId');
    expect(issue?.message).toMatch(/hex, not base64/);
    delete span.traceId;
    span.traceId = traceId;
    delete span.startTimeUnixNano;
    expect(formatPath(exportTraceRequestSchema.safeParse(bad).error?.issues[0]?.path ?? [])).toBe('resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano');
  });
});
