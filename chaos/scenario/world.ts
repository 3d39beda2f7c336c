import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { formatPath } from '../../services/kit/validate.js';
import { didYouMean } from './suggest.js';
import { crossCheckWorld } from './world-check.js';
import { worldFiles, type World } from './world-schema.js';

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

function problemsOf(name: FileName, error: z.ZodError): string[] {
  const schema = worldFiles[name];
  return error.issues.flatMap((i) => {
    const at = formatPath(i.path);
    if (i.code !== 'unrecognized_keys') return [`world/${name}.yaml: ${at}: ${i.message}`];
    const known = fieldsAt(schema, i.path);
    return i.keys.map((k) => `world/${name}.yaml: ${at === '(body)' ? '' : `${at}.`}${k}: unknown field${didYouMean(k, known)}`);
  });
}

/**
 * Loads `<packDir>/world/{jira,wiki,oncall,terraform}.yaml`. Every file is parsed and
 * checked before anything is returned; a problem anywhere throws WorldError listing all.
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
    let data: unknown;
    try {
      data = parseYaml(readFileSync(file, 'utf8'));
    } catch (err) {
      problems.push(`world/${name}.yaml: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
      continue;
    }
    const result = worldFiles[name].safeParse(data);
    if (!result.success) problems.push(...problemsOf(name, result.error));
    else (parsed as Record<FileName, unknown>)[name] = result.data;
  }
  if (problems.length > 0) throw new WorldError(worldDir(packDir), problems);
  const world = parsed as World;
  const crossed = crossCheckWorld(world);
  if (crossed.length > 0) throw new WorldError(worldDir(packDir), crossed);
  return world;
}
