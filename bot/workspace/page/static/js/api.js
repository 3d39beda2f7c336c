// @ts-check
/**
 * The page talks to the workspace as the person would: Slack's Web API with their user
 * token, and the /page-api/* endpoints (event delivery's) for what a Slack client does outside the Web API
 * (slash commands, button clicks, modal submissions).
 */

/** @param {Response} res */
async function json(res) {
  const text = await res.text();
  try {
    return /** @type {Record<string, any>} */ (JSON.parse(text));
  } catch {
    return { ok: false, error: `HTTP ${res.status}` };
  }
}

/** @param {Record<string, any>} body @param {number} status */
function errorOf(body, status) {
  if (typeof body.error === 'string') return body.error;
  if (body.error && typeof body.error.code === 'string') return body.error.message || body.error.code;
  return `HTTP ${status}`;
}

export async function loadBootstrap() {
  const res = await fetch('/page/bootstrap', { cache: 'no-store' });
  const body = await json(res);
  if (!res.ok || body.ok !== true) throw new Error(`bootstrap failed: ${errorOf(body, res.status)}`);
  return /** @type {import('./types.js').Bootstrap} */ (/** @type {unknown} */ (body));
}

/** @param {string} token */
export function createApi(token) {
  const auth = { authorization: `Bearer ${token}` };
  return {
    /**
     * A Web API call; resolves with the answer, throws with Slack's error code.
     * @param {string} method @param {Record<string, unknown>} [args]
     */
    async call(method, args = {}) {
      const res = await fetch(`/api/${method}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(args) });
      const body = await json(res);
      if (body.ok !== true) throw new Error(errorOf(body, res.status));
      return body;
    },
    /**
     * A /page-api/* POST; answers the body, `{ok:false,error}` when it failed (never throws).
     * @param {string} path @param {Record<string, unknown>} payload
     */
    async post(path, payload) {
      try {
        const res = await fetch(`/page-api/${path}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(payload) });
        const body = await json(res);
        return res.ok ? body : { ...body, ok: false, error: errorOf(body, res.status) };
      } catch (err) {
        return { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
    },
    /** The stream needs the token too; fetch sends it in a header, where EventSource could not. */
    streamInit: () => ({ headers: auth, cache: /** @type {RequestCache} */ ('no-store') }),
  };
}

/** @typedef {ReturnType<typeof createApi>} Api */
