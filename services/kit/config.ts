import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { formatPath } from './validate.js';

/**
 * Service config comes from two places: the environment (where it runs: ports, URLs,
 * log level) under the service's prefix, and the deploy config file
 * (`config/<service>.yaml` in the shop repository: how it behaves). Both are parsed
 * once at start, every bad key is reported together, and the result is frozen.
 */
export class ConfigError extends Error {
  readonly code = 'invalid_config';
  readonly problems: readonly string[];

  constructor(service: string, problems: readonly string[]) {
    super(`${service}: invalid configuration\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

export interface LoadConfigOptions<E extends z.ZodType, D extends z.ZodType> {
  service: string;
  /** Keys without the prefix: `PORT` is read from `<PREFIX>_PORT`. */
  envSchema: E;
  deploySchema: D;
  env: Env;
  /** Env key (without prefix) holding the deploy config path; absent means all defaults. */
  deployFileKey?: string;
}

export interface LoadedConfig<E extends z.ZodType, D extends z.ZodType> {
  env: z.output<E>;
  deploy: z.output<D>;
  deployFile: string | undefined;
}

export function envPrefix(service: string): string {
  return service.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

function envView(prefix: string, env: Env): Record<string, string> {
  const view: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    // An empty value means "unset", as in most shells' `FOO= cmd`.
    if (key.startsWith(`${prefix}_`) && value !== undefined && value !== '') view[key.slice(prefix.length + 1)] = value;
  }
  return view;
}

function describe(issue: z.core.$ZodIssue, name: string, known: readonly string[]): string {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => `${name}${k}: unknown setting; known settings are ${known.join(', ')}`).join('\n');
  }
  const got = 'input' in issue && issue.input !== undefined ? ` (got ${JSON.stringify(issue.input)})` : '';
  return `${name}: ${issue.message}${got}`;
}

function readDeployFile(path: string): { data?: unknown; problem?: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return { problem: `${path}: cannot read deploy config (${code}); fix the path or unset it to use the defaults` };
  }
  try {
    const data: unknown = parseYaml(text);
    return { data: data ?? {} };
  } catch (err) {
    return { problem: `${path}: not valid YAML: ${(err as Error).message.split('\n')[0]}` };
  }
}

export function loadConfig<E extends z.ZodType, D extends z.ZodType>(opts: LoadConfigOptions<E, D>): Readonly<LoadedConfig<E, D>> {
  const prefix = envPrefix(opts.service);
  const problems: string[] = [];

  const envResult = opts.envSchema.safeParse(envView(prefix, opts.env), { reportInput: true });
  if (!envResult.success) {
    const known = keysOf(opts.envSchema).map((k) => `${prefix}_${k}`);
    for (const issue of envResult.error.issues) {
      const key = issue.path.length > 0 ? `${prefix}_${formatPath(issue.path)}` : `${prefix}_`;
      problems.push(...describe(issue, key, known).split('\n'));
    }
  }

  const deployFile = opts.deployFileKey ? envView(prefix, opts.env)[opts.deployFileKey] : undefined;
  let deploy: unknown;
  if (deployFile === undefined) {
    const checked = checkDeployInput(opts.deploySchema, {}, `${opts.service} deploy config`);
    problems.push(...checked.problems);
    deploy = checked.value;
  } else {
    const read = readDeployFile(deployFile);
    if (read.problem) problems.push(read.problem);
    else {
      const checked = checkDeployInput(opts.deploySchema, read.data, deployFile);
      problems.push(...checked.problems);
      deploy = checked.value;
    }
  }

  if (problems.length > 0 || !envResult.success) throw new ConfigError(opts.service, problems);
  return deepFreeze({ env: envResult.data, deploy: deploy as z.output<D>, deployFile });
}

/** Checks parsed deploy config against the schema; `where` names the file in every problem. */
function checkDeployInput<D extends z.ZodType>(schema: D, input: unknown, where: string): { value?: z.output<D>; problems: string[] } {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return { value: result.data, problems: [] };
  const problems: string[] = [];
  for (const issue of result.error.issues) {
    const at = issue.path.length > 0 ? `${formatPath(issue.path)}` : '';
    const known = keysAt(schema, issue.path);
    const name = issue.code === 'unrecognized_keys' ? `${where}: ${at === '' ? '' : `${at}.`}` : at === '' ? where : `${where}: ${at}`;
    problems.push(...describe(issue, name, known).split('\n'));
  }
  return { problems };
}

/**
 * Checks deploy config text (YAML) as the service would at start, without starting it:
 * `firedrill deploy` rejects a bad config before anything restarts.
 */
export function checkDeployText<D extends z.ZodType>(schema: D, text: string, where: string): { value?: z.output<D>; problems: string[] } {
  let data: unknown;
  try {
    data = parseYaml(text) ?? {};
  } catch (err) {
    return { problems: [`${where}: not valid YAML: ${(err as Error).message.split('\n')[0]}`] };
  }
  return checkDeployInput(schema, data, where);
}

function keysOf(schema: z.ZodType): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** The keys a nested object schema accepts at `path`, to suggest the right spelling. */
function keysAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const part of path) {
    if (!(current instanceof z.ZodObject) || typeof part !== 'string') return [];
    current = unwrap((current.shape as Record<string, z.ZodType>)[part]);
  }
  return current ? keysOf(current) : [];
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let s = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodPrefault) s = s.unwrap() as z.ZodType;
  return s;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Env value helpers: each error message says what the key expects. */
export const envVar = {
  port: (fallback: number) =>
    z.string().regex(/^\d+$/, 'expected a TCP port, 0-65535 (0 picks a free one)').transform(Number)
      .refine((n) => n <= 65535, 'expected a TCP port, 0-65535 (0 picks a free one)').default(fallback),
  int: (fallback: number, min = 0) =>
    z.string().regex(/^-?\d+$/, `expected a whole number >= ${min}`).transform(Number)
      .refine((n) => n >= min, `expected a whole number >= ${min}`).default(fallback),
  url: () => z.string().refine(isHttpUrl, 'expected an http(s) URL such as http://127.0.0.1:8090/path'),
  redisUrl: (fallback: string) =>
    z.string().refine((s) => /^rediss?:\/\/[^\s]+$/.test(s), 'expected a Redis URL such as redis://127.0.0.1:6390/0').default(fallback),
  host: (fallback: string) => z.string().min(1, 'expected a host name or IP address').default(fallback),
  logLevel: () =>
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'expected one of fatal, error, warn, info, debug, trace, silent',
    }).default('info'),
  path: () => z.string().min(1, 'expected a file path'),
  text: (fallback: string) => z.string().default(fallback),
};

function isHttpUrl(s: string): boolean {
  try {
    const url = new URL(s);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The env keys every deployable understands, merged into each service's own schema. */
export function commonEnv(defaultPort: number) {
  return {
    PORT: envVar.port(defaultPort),
    HOST: envVar.host('127.0.0.1'),
    LOG_LEVEL: envVar.logLevel(),
    CONFIG_FILE: envVar.path().optional(),
    FLAGS_FILE: envVar.path().optional(),
    FLAGD_SYNC: z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'expected host:port of flagd\'s sync service, e.g. flagd:8015').optional()
      .describe('read the flags from flagd (its gRPC sync service) instead of FLAGS_FILE, as on Kubernetes'),
    OTLP_ENDPOINT: envVar.url().optional(),
    ERROR_REPORT_URL: envVar.url().optional(),
    RELEASE: envVar.text('dev'),
    SHUTDOWN_TIMEOUT_MS: envVar.int(10_000),
  };
}
