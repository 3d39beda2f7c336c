import { z } from 'zod';
import type { AttributeValue, SpanKind, SpanStatus, StoredSpan } from './span.js';

// OTLP/JSON (opentelemetry-proto, ExportTraceServiceRequest): ids are hex, 64-bit integers may be
// strings, enums are numbers (string names tolerated). Unknown keys are ignored, as a collector does.

interface AnyValue {
  stringValue?: string | undefined;
  boolValue?: boolean | undefined;
  intValue?: number | string | undefined;
  doubleValue?: number | string | undefined;
  bytesValue?: string | undefined;
  arrayValue?: { values?: AnyValue[] | undefined } | undefined;
  kvlistValue?: { values?: KeyValue[] | undefined } | undefined;
}
interface KeyValue {
  key: string;
  value?: AnyValue | undefined;
}

const int64 = z.union([z.number().int(), z.string().regex(/^-?\d+$/, 'expected an integer')]);
const nanos = z.union([z.number().int().min(0), z.string().regex(/^\d+$/, 'expected nanoseconds since the epoch as a decimal string')]);
const anyValue: z.ZodType<AnyValue> = z.lazy(() => z.object({
  stringValue: z.string().optional(),
  boolValue: z.boolean().optional(),
  intValue: int64.optional(),
  doubleValue: z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]).optional(),
  bytesValue: z.string().optional(),
  arrayValue: z.object({ values: z.array(anyValue).optional() }).optional(),
  kvlistValue: z.object({ values: z.array(keyValue).optional() }).optional(),
}));
const keyValue: z.ZodType<KeyValue> = z.lazy(() => z.object({ key: z.string(), value: anyValue.optional() }));
const attributes = z.array(keyValue).optional();

const HEX_ENCODING = 'OTLP/JSON encodes ids as lowercase hex, not base64';
const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;
const STATUS = ['unset', 'ok', 'error'] as const;
const enumOf = (names: readonly string[], prefix: string) => z.union([
  z.number().int().min(0).max(names.length - 1),
  z.enum(names.map((n) => `${prefix}${n.toUpperCase()}`) as [string, ...string[]]),
]);

const span = z.object({
  traceId: z.string().regex(/^[0-9a-fA-F]{32}$/, `expected 32 hex digits (${HEX_ENCODING})`),
  spanId: z.string().regex(/^[0-9a-fA-F]{16}$/, `expected 16 hex digits (${HEX_ENCODING})`),
  parentSpanId: z.string().regex(/^([0-9a-fA-F]{16})?$/, `expected 16 hex digits or "" (${HEX_ENCODING})`).optional(),
  name: z.string(),
  kind: enumOf(KINDS, 'SPAN_KIND_').optional(),
  startTimeUnixNano: nanos,
  endTimeUnixNano: nanos,
  attributes,
  events: z.array(z.object({ timeUnixNano: nanos, name: z.string(), attributes })).optional(),
  status: z.object({ code: enumOf(STATUS, 'STATUS_CODE_').optional(), message: z.string().optional() }).optional(),
});

export const exportTraceRequestSchema = z.object({
  resourceSpans: z.array(z.object({
    resource: z.object({ attributes }).optional(),
    scopeSpans: z.array(z.object({
      scope: z.object({ name: z.string().optional(), version: z.string().optional() }).optional(),
      spans: z.array(span).optional(),
    })).optional(),
  })).optional(),
});

export type ExportTraceRequest = z.output<typeof exportTraceRequestSchema>;

function valueOf(v: AnyValue | undefined): AttributeValue {
  if (!v) return null;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) {
    const n = Number(v.intValue);
    return Number.isSafeInteger(n) ? n : String(v.intValue);
  }
  if (v.doubleValue !== undefined) return Number(v.doubleValue);
  if (v.bytesValue !== undefined) return v.bytesValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(valueOf);
  if (v.kvlistValue) return attributesOf(v.kvlistValue.values);
  return null;
}

function attributesOf(list: readonly KeyValue[] | undefined): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const kv of list ?? []) out[kv.key] = valueOf(kv.value);
  return out;
}

/** Nanoseconds as microseconds: a double holds epoch microseconds exactly, nanoseconds not. */
function micros(ns: number | string): number {
  return typeof ns === 'number' ? Math.round(ns / 1000) : Number(BigInt(ns) / 1000n);
}

function enumName<T extends string>(names: readonly T[], value: number | string | undefined, prefix: string): T {
  if (value === undefined) return names[0] as T;
  if (typeof value === 'number') return names[value] as T;
  return value.slice(prefix.length).toLowerCase() as T;
}

/** Flattens a request into spans, each carrying its resource's service name and version. */
export function spansOf(req: ExportTraceRequest): StoredSpan[] {
  const out: StoredSpan[] = [];
  for (const rs of req.resourceSpans ?? []) {
    const resource = attributesOf(rs.resource?.attributes);
    const service = typeof resource['service.name'] === 'string' ? resource['service.name'] : 'unknown_service';
    const version = typeof resource['service.version'] === 'string' ? resource['service.version'] : undefined;
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        const status: SpanStatus = { code: enumName(STATUS, s.status?.code, 'STATUS_CODE_'), ...(s.status?.message ? { message: s.status.message } : {}) };
        out.push({
          traceId: s.traceId.toLowerCase(),
          spanId: s.spanId.toLowerCase(),
          ...(s.parentSpanId ? { parentSpanId: s.parentSpanId.toLowerCase() } : {}),
          name: s.name,
          kind: enumName<SpanKind>(KINDS, s.kind, 'SPAN_KIND_'),
          service,
          ...(version ? { release: version } : {}),
          startUs: micros(s.startTimeUnixNano),
          endUs: micros(s.endTimeUnixNano),
          attributes: attributesOf(s.attributes),
          status,
          events: (s.events ?? []).map((e) => ({ name: e.name, timeUs: micros(e.timeUnixNano), attributes: attributesOf(e.attributes) })),
        });
      }
    }
  }
  return out;
}
