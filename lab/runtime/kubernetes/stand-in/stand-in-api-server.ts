import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PatchError, jsonPatch, mergePatch, type JsonPatchOperation } from './patch-formats.js';
import { reconcileDeployment } from './stand-in-controller.js';

/**
 * A stand-in for the Kubernetes API server's REST protocol over the endpoints the runtime
 * uses, for tests: namespaced objects in memory; list with label selectors; get; create with
 * AlreadyExists; the three PATCH formats with resourceVersion preconditions (409 Conflict);
 * pod logs with tailLines and sinceTime; bearer-token authentication; and a Role-like rule
 * that forbids every namespace but the granted ones (403, with the API server's wording).
 * Errors are `Status` objects, as the real server sends them.
 */
export type KubeObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; resourceVersion?: string; [k: string]: unknown }; [k: string]: unknown };

export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string | undefined;
  body: unknown;
  status: number;
}

export interface LogLine {
  at: string;
  text: string;
}

export interface StandInOptions {
  token: string;
  /** Namespaces the caller's Role covers; any other gets 403. */
  grantedNamespaces: readonly string[];
  objects: readonly KubeObject[];
  /** Per pod, per container: what `kubectl logs` would print, with the time the runtime stamped each line. */
  logs?: Record<string, Record<string, readonly LogLine[]>>;
}

const RESOURCES: Readonly<Record<string, { group: '' | 'apps'; kind: string }>> = {
  pods: { group: '', kind: 'Pod' }, events: { group: '', kind: 'Event' }, configmaps: { group: '', kind: 'ConfigMap' },
  deployments: { group: 'apps', kind: 'Deployment' }, replicasets: { group: 'apps', kind: 'ReplicaSet' },
};
const RESOURCE_OF_KIND = Object.fromEntries(Object.entries(RESOURCES).map(([r, v]) => [v.kind, r]));

export interface StandInApiServer {
  url: string;
  requests: SeenRequest[];
  get(resource: string, namespace: string, name: string): KubeObject | undefined;
  list(resource: string, namespace: string): KubeObject[];
  /** A write by someone else (another kubectl, a controller): bumps the resourceVersion. */
  write(resource: string, namespace: string, name: string, change: (obj: KubeObject) => void): void;
  /** Runs `action` just before the next request `match` accepts is handled: a concurrent writer. */
  beforeNext(match: (method: string, path: string) => boolean, action: () => void): void;
  close(): Promise<void>;
}

export async function startStandInApiServer(opts: StandInOptions): Promise<StandInApiServer> {
  const store = new Map<string, KubeObject>();
  let version = 1000;
  const key = (resource: string, ns: string, name: string) => `${resource}/${ns}/${name}`;
  const put = (resource: string, obj: KubeObject) => {
    version += 1;
    obj.metadata.resourceVersion = String(version);
    store.set(key(resource, obj.metadata.namespace ?? '', obj.metadata.name), obj);
  };
  for (const obj of opts.objects) {
    const resource = RESOURCE_OF_KIND[obj.kind];
    if (!resource) throw new Error(`the stand-in does not serve ${obj.kind}`);
    put(resource, structuredClone(obj));
  }
  const requests: SeenRequest[] = [];
  const hooks: { match: (m: string, p: string) => boolean; action: () => void }[] = [];

  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const seen: SeenRequest = {
        method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), contentType: req.headers['content-type'],
        body: raw === '' ? undefined : parseMaybe(raw), status: 0,
      };
      requests.push(seen);
      const hook = hooks.findIndex((h) => h.match(seen.method, seen.path));
      if (hook >= 0) hooks.splice(hook, 1)[0]?.action();
      const reply = (status: number, body: unknown, type = 'application/json') => {
        seen.status = status;
        res.writeHead(status, { 'content-type': type });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      };
      try {
        handle(req, url, raw, reply);
      } catch (err) {
        reply(500, status(500, 'InternalError', (err as Error).message));
      }
    });
  });

  const handle = (req: IncomingMessage, url: URL, raw: string, reply: (s: number, b: unknown, t?: string) => void) => {
    if (req.headers.authorization !== `Bearer ${opts.token}`) return reply(401, status(401, 'Unauthorized', 'Unauthorized'));
    const m = /^\/(?:api\/v1|apis\/(apps)\/v1)(?:\/namespaces\/([^/]+))?\/([a-z]+)(?:\/([^/]+))?(?:\/([a-z]+))?$/.exec(url.pathname);
    const resource = m?.[3];
    const info = resource ? RESOURCES[resource] : undefined;
    if (!m || !resource || !info || info.group !== (m[1] ?? '')) return reply(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    const [, , ns, , name, sub] = m;
    const method = req.method ?? 'GET';
    const verb = method === 'GET' ? (name ? 'get' : 'list') : method === 'POST' ? 'create' : method === 'PATCH' ? 'patch' : method.toLowerCase();
    const gr = info.group ? `${resource}.${info.group}` : resource;
    const user = 'system:serviceaccount:firedrill:desk';
    const full = sub ? `${resource}/${sub}` : resource;
    if (!ns) return reply(403, status(403, 'Forbidden', `${gr} is forbidden: User "${user}" cannot ${verb} resource "${full}" in API group "${info.group}" at the cluster scope`));
    if (!opts.grantedNamespaces.includes(ns)) {
      return reply(403, status(403, 'Forbidden', `${gr} is forbidden: User "${user}" cannot ${verb} resource "${full}" in API group "${info.group}" in the namespace "${ns}"`));
    }
    const notFound = () => reply(404, status(404, 'NotFound', `${gr} "${name}" not found`));
    if (method === 'GET' && !name) {
      const selector = url.searchParams.get('labelSelector');
      const items = [...store.entries()].filter(([k]) => k.startsWith(`${resource}/${ns}/`)).map(([, v]) => v).filter((o) => matches(selector, o));
      return reply(200, { apiVersion: info.group ? `${info.group}/v1` : 'v1', kind: `${info.kind}List`, metadata: { resourceVersion: String(version) }, items });
    }
    if (method === 'POST' && !name) {
      const obj = parseMaybe(raw) as KubeObject | undefined;
      if (!obj?.metadata?.name) return reply(422, status(422, 'Invalid', `${info.kind} is invalid: metadata.name: Required value`));
      if (obj.metadata.namespace && obj.metadata.namespace !== ns) return reply(400, status(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request'));
      if (store.has(key(resource, ns, obj.metadata.name))) return reply(409, status(409, 'AlreadyExists', `${gr} "${obj.metadata.name}" already exists`));
      const created = { ...obj, metadata: { ...obj.metadata, namespace: ns, uid: randomUUID(), creationTimestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') } };
      put(resource, created);
      return reply(201, created);
    }
    if (!name) return reply(405, status(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`));
    const current = store.get(key(resource, ns, name));
    if (!current) return notFound();
    if (method === 'GET' && sub === 'log' && resource === 'pods') return podLog(current, url, reply);
    if (sub) return reply(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    if (method === 'GET') return reply(200, current);
    if (method !== 'PATCH') return reply(405, status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
    const type = req.headers['content-type'];
    let patched: KubeObject;
    try {
      const body = JSON.parse(raw) as unknown;
      if (type === 'application/json-patch+json') patched = jsonPatch(current, body as JsonPatchOperation[]) as KubeObject;
      else if (type === 'application/merge-patch+json') patched = mergePatch(current, body, false) as KubeObject;
      else if (type === 'application/strategic-merge-patch+json') patched = mergePatch(current, body, true) as KubeObject;
      else return reply(415, status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`));
    } catch (err) {
      return reply(422, status(422, 'Invalid', err instanceof PatchError || err instanceof SyntaxError ? err.message : String(err)));
    }
    // A resourceVersion in the patched object is a precondition, as in the real server's update path.
    if (patched.metadata.resourceVersion !== current.metadata.resourceVersion) {
      return reply(409, status(409, 'Conflict', `Operation cannot be fulfilled on ${gr} "${name}": the object has been modified; please apply your changes to the latest version and try again`));
    }
    if (patched.metadata.name !== name) return reply(422, status(422, 'Invalid', 'metadata.name: Invalid value: field is immutable'));
    if (resource === 'configmaps' && current.immutable === true && JSON.stringify(patched.data) !== JSON.stringify(current.data)) {
      return reply(422, status(422, 'Invalid', `ConfigMap "${name}" is invalid: data: Forbidden: field is immutable when \`immutable\` is set`));
    }
    if (resource === 'deployments') reconcileDeployment(current, patched, (rs) => put('replicasets', rs), [...store.entries()].filter(([k]) => k.startsWith(`replicasets/${ns}/`)).map(([, v]) => v));
    put(resource, patched);
    return reply(200, patched);
  };

  const podLog = (pod: KubeObject, url: URL, reply: (s: number, b: unknown, t?: string) => void) => {
    const containers = ((pod.spec as { containers?: { name: string }[] } | undefined)?.containers ?? []).map((c) => c.name);
    const container = url.searchParams.get('container') ?? (containers.length === 1 ? containers[0] : undefined);
    if (!container) return reply(400, status(400, 'BadRequest', `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${containers.join(' ')}]`));
    if (!containers.includes(container)) return reply(400, status(400, 'BadRequest', `container ${container} is not valid for pod ${pod.metadata.name}`));
    let lines = [...(opts.logs?.[pod.metadata.name]?.[container] ?? [])];
    const sinceTime = url.searchParams.get('sinceTime');
    if (sinceTime !== null) {
      const since = Date.parse(sinceTime);
      if (Number.isNaN(since)) return reply(400, status(400, 'BadRequest', `parsing time "${sinceTime}" as RFC3339: cannot parse`));
      lines = lines.filter((l) => Date.parse(l.at) >= since);
    }
    const tail = url.searchParams.get('tailLines');
    if (tail !== null) lines = lines.slice(-Number(tail));
    return reply(200, lines.map((l) => `${l.text}\n`).join(''), 'text/plain');
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get: (resource, ns, name) => store.get(key(resource, ns, name)),
    list: (resource, ns) => [...store.entries()].filter(([k]) => k.startsWith(`${resource}/${ns}/`)).map(([, v]) => v),
    write: (resource, ns, name, change) => {
      const obj = store.get(key(resource, ns, name));
      if (!obj) throw new Error(`no ${resource} ${ns}/${name}`);
      change(obj);
      put(resource, obj);
    },
    beforeNext: (match, action) => hooks.push({ match, action }),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function status(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

/** Equality-based selectors (`a=b,c!=d`, `e`): what label selectors on lists most often are. */
function matches(selector: string | null, obj: KubeObject): boolean {
  if (!selector) return true;
  const labels = (obj.metadata.labels ?? {}) as Record<string, string>;
  return selector.split(',').every((term) => {
    const ne = /^([^!=]+)!=(.*)$/.exec(term);
    if (ne?.[1]) return labels[ne[1]] !== ne[2];
    const eq = /^([^!=]+)==?(.*)$/.exec(term);
    if (eq?.[1]) return labels[eq[1]] === eq[2];
    return term in labels;
  });
}

function parseMaybe(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}
