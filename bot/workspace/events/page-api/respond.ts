import { isAppError } from '../../../../services/kit/errors.js';
import type { ResponseTarget } from '../responses.js';
import type { PageApiDeps } from './context.js';

/**
 * An ack's payload as a response (Bolt's `ack({text})`), answered to the page. A payload
 * the workspace cannot use is the app's mistake, not the page's: `ok:false` with why.
 */
export function applyAppResponse(deps: PageApiDeps, target: ResponseTarget, response: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!response) return { ok: true };
  try {
    const posted = deps.responses.apply(target, response);
    return { ok: true, ...(posted.ts ? { response_ts: posted.ts } : {}) };
  } catch (err) {
    if (!isAppError(err)) throw err;
    deps.log.warn({ code: err.code, detail: err.message }, 'app answered with an unusable response');
    return { ok: false, error: 'invalid_app_response', detail: err.message };
  }
}
