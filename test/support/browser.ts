/** One answer as a browser would see it, before following any redirect. */
export interface Page {
  status: number;
  headers: Headers;
  text: string;
  /** The `location` header of a redirect. */
  location: string | undefined;
}

export interface Browser {
  /** Cookies held right now, by name. */
  readonly cookies: ReadonlyMap<string, string>;
  get(path: string): Promise<Page>;
  /** Submits an `application/x-www-form-urlencoded` form, as a page's `<form method="post">` does. */
  postForm(path: string, fields: Record<string, string>): Promise<Page>;
}

/**
 * A shopper: fetch that keeps the cookies a site sets and sends them back, and never
 * follows redirects, so a test sees the 303 and its location.
 */
export function createBrowser(baseUrl: string): Browser {
  const cookies = new Map<string, string>();

  const send = async (path: string, init: RequestInit): Promise<Page> => {
    const headers = new Headers(init.headers);
    if (cookies.size > 0) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(`${baseUrl}${path}`, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return { status: res.status, headers: res.headers, text: await res.text(), location: res.headers.get('location') ?? undefined };
  };

  return {
    cookies,
    get: (path) => send(path, { method: 'GET' }),
    postForm: (path, fields) =>
      send(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      }),
  };
}
