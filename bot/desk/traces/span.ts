export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };

export type SpanKind = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';

export interface SpanStatus {
  code: 'unset' | 'ok' | 'error';
  message?: string;
}

/** One span as the desk holds it: OTLP's fields, times in epoch microseconds, the resource's service. */
export interface StoredSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: SpanKind;
  /** The resource's service.name. */
  service: string;
  /** The resource's service.version. */
  release?: string;
  startUs: number;
  endUs: number;
  attributes: Record<string, AttributeValue>;
  status: SpanStatus;
  events: Array<{ name: string; timeUs: number; attributes: Record<string, AttributeValue> }>;
}
