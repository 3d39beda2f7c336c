/**
 * The three PATCH formats the Kubernetes API server accepts for built-in objects, as the
 * stand-in API server applies them: JSON merge patch (RFC 7386), strategic merge patch
 * (merge patch whose lists of containers, volumes, env... merge by their key) and JSON patch
 * (RFC 6902). Used by tests only; the runtime sends patches, it never applies them.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Lists of the pod template that the API merges by key rather than replacing (patchMergeKey). */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name', initContainers: 'name', volumes: 'name', env: 'name', imagePullSecrets: 'name',
  volumeMounts: 'mountPath', ports: 'containerPort',
};

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function mergePatch(target: unknown, patch: unknown, strategic: boolean): Json {
  if (!isObject(patch)) return structuredClone(patch as Json);
  const out: Record<string, Json> = isObject(target) ? structuredClone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) throw new PatchError(`strategic merge directive ${key} is not supported by the stand-in`);
    if (value === null) {
      delete out[key];
      continue;
    }
    const mergeKey = strategic ? MERGE_KEYS[key] : undefined;
    const current = out[key];
    if (mergeKey && Array.isArray(value) && Array.isArray(current)) {
      const merged = [...current];
      for (const item of value) {
        const at = isObject(item) ? merged.findIndex((m) => isObject(m) && m[mergeKey] === item[mergeKey]) : -1;
        if (at >= 0) merged[at] = mergePatch(merged[at], item, true);
        else merged.push(structuredClone(item));
      }
      out[key] = merged;
    } else {
      out[key] = mergePatch(current, value, strategic);
    }
  }
  return out;
}

export class PatchError extends Error {}

export interface JsonPatchOperation {
  op: string;
  path: string;
  value?: unknown;
}

function parsePointer(path: string): string[] {
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON pointer "${path}"`);
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function jsonPatch(doc: unknown, ops: readonly JsonPatchOperation[]): Json {
  let out = structuredClone(doc as Json);
  for (const op of ops) {
    const segments = parsePointer(op.path);
    const last = segments.pop();
    if (last === undefined) {
      if (op.op !== 'replace') throw new PatchError(`${op.op} of the whole document is not supported`);
      out = structuredClone(op.value as Json);
      continue;
    }
    let parent: Json = out;
    for (const s of segments) {
      const next: Json | undefined = Array.isArray(parent) ? parent[Number(s)] : isObject(parent) ? parent[s] : undefined;
      if (next === undefined) throw new PatchError(`${op.op} operation does not apply: doc is missing path: ${op.path}`);
      parent = next;
    }
    if (!isObject(parent) && !Array.isArray(parent)) throw new PatchError(`${op.op} operation does not apply: ${op.path} has no parent object`);
    const container = parent as Record<string, Json>;
    const exists = Object.prototype.hasOwnProperty.call(container, last);
    switch (op.op) {
      case 'add':
        container[last] = structuredClone(op.value as Json);
        break;
      case 'replace':
        if (!exists) throw new PatchError(`replace operation does not apply: doc is missing key: ${op.path}`);
        container[last] = structuredClone(op.value as Json);
        break;
      case 'remove':
        if (!exists) throw new PatchError(`remove operation does not apply: doc is missing path: ${op.path}`);
        if (Array.isArray(container)) container.splice(Number(last), 1);
        else delete container[last];
        break;
      case 'test':
        if (JSON.stringify(container[last]) !== JSON.stringify(op.value)) throw new PatchError(`testing value ${op.path} failed`);
        break;
      default:
        throw new PatchError(`unexpected kind: ${op.op}`);
    }
  }
  return out;
}
