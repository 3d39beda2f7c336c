/** The three kinds of envelope Slack delivers to an app (Socket Mode's `type`). */
export type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

export interface Delivery {
  type: EnvelopeType;
  payload: Record<string, unknown>;
  /** Whether the app may answer with a payload in its ack (slash commands, view submissions). */
  acceptsResponsePayload: boolean;
}

/** One try at handing an envelope over, numbered from 0; a retry names why the last one failed. */
export interface AttemptInfo {
  envelopeId: string;
  attempt: number;
  retryReason: string;
}

export type Attempt =
  | { acked: true; response: Record<string, unknown> | undefined }
  /** `reason` is what the retry will carry: Socket Mode's `timeout`, or HTTP's `http_timeout`, `http_error`, `connection_failed`. */
  | { acked: false; reason: string; timedOut: boolean };

export interface Transport {
  name: 'socket' | 'http';
  attempt(delivery: Delivery, info: AttemptInfo): Promise<Attempt>;
}

export type Outcome =
  | { acked: true; via: Transport['name']; response: Record<string, unknown> | undefined }
  /** dispatch_failed: no app to deliver to, or it refused; operation_timeout: no ack in time. */
  | { acked: false; error: 'dispatch_failed' | 'operation_timeout' };

/** An ack's payload, or undefined when it carried nothing (`{}` is Socket Mode's plain ack). */
export function responseOf(value: unknown): Record<string, unknown> | undefined {
  if (typeof value === 'string') return value === '' ? undefined : { text: value };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.keys(value).length === 0 ? undefined : (value as Record<string, unknown>);
}
