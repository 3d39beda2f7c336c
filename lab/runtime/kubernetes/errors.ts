import { ApiException } from '@kubernetes/client-node';
import { RuntimeError } from '../runtime.js';

/** What a call was doing, for errors that say which object and which permission. */
export interface CallContext {
  verb: string;
  resource: string;
  name?: string;
  namespace: string;
}

interface ApiStatus {
  reason?: string;
  message?: string;
}

/** The API server's Status object; the client hands error bodies over as text. */
export function apiStatus(err: unknown): ApiStatus {
  if (!(err instanceof ApiException)) return {};
  const body: unknown = typeof err.body === 'string' ? safeJson(err.body) : err.body;
  if (typeof body !== 'object' || body === null) return {};
  const { reason, message } = body as Record<string, unknown>;
  return { ...(typeof reason === 'string' ? { reason } : {}), ...(typeof message === 'string' ? { message } : {}) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function httpStatus(err: unknown): number | undefined {
  return err instanceof ApiException ? err.code : undefined;
}

/** A 409 from a write whose resourceVersion went stale: worth one re-read and retry. */
export function isStaleWrite(err: unknown): boolean {
  return httpStatus(err) === 409 && apiStatus(err).reason === 'Conflict';
}

/** Maps a client-node failure to the Runtime's error model, naming the object and, for 403, the RBAC to check. */
export function toRuntimeError(err: unknown, call: CallContext): RuntimeError {
  if (err instanceof RuntimeError) return err;
  const what = `${call.resource}${call.name ? ` "${call.name}"` : ''}`;
  const status = httpStatus(err);
  const detail = apiStatus(err).message;
  let out: RuntimeError;
  if (status === 403) {
    out = new RuntimeError('forbidden', `forbidden: cannot ${call.verb} ${what} in namespace "${call.namespace}"; the lab's RBAC (Role and RoleBinding in "${call.namespace}") does not allow it${detail ? ` (${detail})` : ''}`);
  } else if (status === 401) {
    out = new RuntimeError('unauthorized', `the Kubernetes API refused the credentials of the current context${detail ? ` (${detail})` : ''}`);
  } else if (status === 404) {
    out = new RuntimeError('not_found', `no ${what} in namespace "${call.namespace}"`);
  } else if (status === 409) {
    out = new RuntimeError('conflict', `${what} in namespace "${call.namespace}" changed while we wrote it; try again${detail ? ` (${detail})` : ''}`);
  } else if (status !== undefined) {
    out = new RuntimeError('kubernetes_error', `${call.verb} ${what} in namespace "${call.namespace}" failed with HTTP ${status}${detail ? `: ${detail}` : ''}`);
  } else {
    // undici's fetch fails with "fetch failed" and the socket error as its cause.
    const cause = (err as { cause?: { message?: string } } | undefined)?.cause?.message;
    out = new RuntimeError('no_lab', `cannot reach the Kubernetes API (${cause ?? (err as Error).message}); is the kind cluster running? start it with \`make lab-up\``);
  }
  (out as Error).cause = err;
  return out;
}
