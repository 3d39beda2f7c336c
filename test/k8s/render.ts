import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

/**
 * Rendering helpers for the Kubernetes artifacts (k8s/): what `kubectl kustomize` makes of
 * an overlay, or of the teams' script, as plain objects, plus lookups the checks share.
 * No cluster: kubectl's built-in kustomize only.
 */

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The flag every render needs: the base reads the shop's config, alert rules and k6 scripts where they live. */
export const kustomizeArgs = ['kustomize', '--load-restrictor', 'LoadRestrictionsNone'] as const;

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** A rendered manifest: every field past the type and metadata stays untyped until a check narrows it. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    fieldRef?: { fieldPath: string };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
  };
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  ports?: { name?: string; containerPort: number }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: { name: string; mountPath: string }[];
}

export interface Probe {
  httpGet?: { path: string; port: number | string };
  tcpSocket?: { port: number | string };
  exec?: { command: string[] };
}

export interface Volume {
  name: string;
  configMap?: { name: string; optional?: boolean };
  secret?: { secretName: string; optional?: boolean };
  persistentVolumeClaim?: { claimName: string };
  emptyDir?: object;
}

export interface PodSpec {
  serviceAccountName?: string;
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
}

export interface Deployment extends K8sObject {
  spec: { selector: { matchLabels: Record<string, string> }; template: { metadata: ObjectMeta; spec: PodSpec } };
}

export interface Service extends K8sObject {
  spec: { type?: string; selector: Record<string, string>; ports: { name?: string; port: number; targetPort?: number | string; nodePort?: number }[] };
}

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** Parses a multi-document YAML stream; empty documents (a trailing `---`) are skipped. */
export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`invalid YAML in a rendered manifest: ${doc.errors[0]?.message ?? ''}`);
    const value: unknown = doc.toJS();
    return value === null || value === undefined ? [] : [value as K8sObject];
  });
}

/** `kubectl kustomize` of a folder under the repository (e.g. `k8s/overlays/kind`). */
export function renderKustomization(dir: string): K8sObject[] {
  const text = execFileSync('kubectl', [...kustomizeArgs, join(repoRoot, dir)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  return parseManifests(text);
}

/** Every overlay under k8s/overlays, by folder name. */
export function overlayNames(): string[] {
  return readdirSync(join(repoRoot, 'k8s', 'overlays'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/** What `make lab-up TEAMS=<n>` applies: scripts/kind-teams.sh's render. */
export function renderTeams(teams: number): K8sObject[] {
  return parseManifests(runTeamsScript('render', teams));
}

export function runTeamsScript(command: 'render' | 'ports' | 'urls', teams: number): string {
  return execFileSync('bash', [join(repoRoot, 'scripts', 'kind-teams.sh'), command, String(teams)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function ofKind<T extends K8sObject = K8sObject>(objects: readonly K8sObject[], kind: string): T[] {
  return objects.filter((o) => o.kind === kind) as T[];
}

export function named<T extends K8sObject = K8sObject>(objects: readonly K8sObject[], kind: string, name: string, namespace?: string): T | undefined {
  return ofKind<T>(objects, kind).find((o) => o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
}

/** Every pod template in the render, with the object that owns it. */
export function podTemplates(objects: readonly K8sObject[]): { owner: K8sObject; labels: Record<string, string>; spec: PodSpec }[] {
  return ofKind<Deployment>(objects, 'Deployment').map((d) => ({ owner: d, labels: d.spec.template.metadata.labels ?? {}, spec: d.spec.template.spec }));
}

export function allContainers(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...spec.containers];
}

/** True when every key of `selector` has the same value in `labels`. */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}

/** `kubernetes-models/<group>/<version>/<Kind>` for an apiVersion/kind; the core group's path is plain `v1`. */
export function modelModule(apiVersion: string, kind: string): string {
  return `kubernetes-models/${apiVersion}/${kind}`;
}

interface Validatable {
  validate(): void;
}

type ModelClass = new (data: object) => Validatable;

function isModelClass(value: unknown): value is ModelClass {
  return typeof value === 'function' && typeof (value as { prototype?: { validate?: unknown } }).prototype?.validate === 'function';
}

/**
 * Validates one object against the Kubernetes OpenAPI schema of its apiVersion/kind with
 * kubernetes-models; throws when the kind is unknown to it or the object is invalid.
 */
export async function validateObject(obj: K8sObject): Promise<void> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(modelModule(obj.apiVersion, obj.kind))) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`${obj.apiVersion} ${obj.kind} is not a Kubernetes kind kubernetes-models knows (${(err as Error).message})`, { cause: err });
  }
  const Model = mod[obj.kind];
  if (!isModelClass(Model)) throw new Error(`kubernetes-models has no class ${obj.kind} for ${obj.apiVersion}`);
  new Model(obj).validate();
}

/** Where an `http://host:port/...` URL points, when host is a bare Service name. */
export function serviceTarget(url: string): { service: string; port: number; path: string } | undefined {
  const m = /^https?:\/\/([a-z0-9-]+):(\d+)(\/.*)?$/.exec(url);
  if (!m?.[1] || !m[2]) return undefined;
  return { service: m[1], port: Number(m[2]), path: m[3] ?? '/' };
}
