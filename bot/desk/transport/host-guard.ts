import type { NextFunction, Request, Response } from 'express';

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/;

/**
 * Serves only requests addressed to loopback (or a host named in DESK_ALLOWED_HOSTS): the
 * desk changes the lab, and a web page must not reach it through DNS rebinding. JSON-RPC
 * callers get a JSON-RPC error, others the desk's usual error body.
 */
export function hostGuard(extraHosts: readonly string[] = []) {
  const extra = new Set(extraHosts.map((h) => h.toLowerCase()));
  return (req: Request, res: Response, next: NextFunction): void => {
    const host = (req.headers.host ?? '').toLowerCase();
    if (LOOPBACK.test(host) || extra.has(host.replace(/:\d+$/, ''))) return next();
    const message = `host ${host || '(none)'} is not allowed; connect to the desk on 127.0.0.1, or add the host to DESK_ALLOWED_HOSTS`;
    if (req.path === '/mcp') res.status(403).json({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });
    else res.status(403).json({ error: { code: 'host_not_allowed', message } });
  };
}

/**
 * A browser can POST text/plain across origins without asking first; requiring JSON makes
 * it ask (CORS preflight), which the desk never grants.
 */
export function requireJson(req: Request, res: Response, next: NextFunction): void {
  if (req.is('application/json')) return next();
  res.status(415).json({ error: { code: 'unsupported_media_type', message: 'send the arguments as JSON with content-type: application/json', field: 'content-type' } });
}
