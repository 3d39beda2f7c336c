import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { formatPath } from '../../services/kit/validate.js';
import { didYouMean } from './suggest.js';
import { crossCheckWorld } from './world-check.js';
import { worldFiles, type World } from './world-schema.js';
import { crossCheckSlack, scenarioHandles, slackFileSchema, type SlackHistory } from './world-slack.js';

/** A pack's world that cannot be served, with every problem by file and path. */
export class WorldError extends Error {
  readonly code = 'invalid_world';
  readonly problems: readonly string[];

  constructor(dir: string, problems: readonly string[]) {
    super(`${dir}: invalid world\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'WorldError';
    this.problems = problems;
  }
}

type FileName = keyof typeof worldFiles;
const fileNames = Object.keys(worldFiles) as FileName[];

export const worldDir = (packDir: string) => join(packDir, 'world');
export const hasWorld = (packDir: string) => existsSync(worldDir(packDir));

/** The fields an object at `path` of `schema` takes, to suggest one for a misspelt field. */
function fieldsAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let s: z.ZodType = schema;
  for (const part of [...path, null]) {
    while (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
    if (s instanceof z.ZodArray && typeof part === 'number') {
      s = s.element as z.ZodType;
      continue;
    }
    if (!(s instanceof z.ZodObject)) return [];
    if (part === null) return Object.keys(s.shape);
    const next = (s.shape as Record<string, z.ZodType>)[String(part)];
    if (!next) return [];
    s = next;
  }
  return [];
}

function problemsOf(name: string, schema: z.ZodType, error: z.ZodError): string[] {
  return error.issues.flatMap((i) => {
    const at = formatPath(i.path);
    if (i.code !== 'unrecognized_keys') return [`world/${name}.yaml: ${at}: ${i.message}`];
    const known = fieldsAt(schema, i.path);
    return i.keys.map((k) => `world/${name}.yaml: ${at === '(body)' ? '' : `${at}.`}${k}: unknown field${didYouMean(k, known)}`);
  });
}

/** A world file parsed and checked against its schema; undefined (with problems pushed) when it is not valid. */
function readFile<S extends z.ZodType>(file: string, name: string, schema: S, problems: string[]): z.output<S> | undefined {
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    problems.push(`world/${name}.yaml: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
    return undefined;
  }
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  problems.push(...problemsOf(name, schema, result.error));
  return undefined;
}

/**
 * Loads `<packDir>/world/{jira,wiki,oncall,terraform}.yaml` and the optional slack.yaml.
 * Every file is parsed and checked before anything is returned; a problem anywhere throws
 * WorldError listing all.
 */
export function loadWorld(packDir: string): World {
  const problems: string[] = [];
  const parsed: Partial<World> = {};
  for (const name of fileNames) {
    const file = join(worldDir(packDir), `${name}.yaml`);
    if (!existsSync(file)) {
      problems.push(`world/${name}.yaml: missing; a world has ${fileNames.map((n) => `${n}.yaml`).join(', ')}`);
      continue;
    }
    const data = readFile(file, name, worldFiles[name], problems);
    if (data !== undefined) (parsed as Record<FileName, unknown>)[name] = data;
  }
  const slackFile = join(worldDir(packDir), 'slack.yaml');
  const slack = existsSync(slackFile) ? readFile(slackFile, 'slack', slackFileSchema, problems) : undefined;
  if (problems.length > 0) throw new WorldError(worldDir(packDir), problems);
  const world: World = { ...(parsed as World), ...(slack ? { slack } : {}) };
  const people = [...new Set([...world.oncall.people.map((p) => p.handle), ...scenarioHandles(packDir)])];
  const crossed = [...crossCheckWorld(world), ...(slack ? crossCheckSlack(slack, people) : [])];
  if (crossed.length > 0) throw new WorldError(worldDir(packDir), crossed);
  return world;
}

/** A pack's Slack history: none when the pack has no world or no world/slack.yaml. Throws WorldError like loadWorld. */
export function loadSlackHistory(packDir: string): SlackHistory {
  return (hasWorld(packDir) ? loadWorld(packDir).slack : undefined) ?? { channels: [] };
}
