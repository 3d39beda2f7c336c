import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { formatPath } from '../../services/kit/validate.js';
import { crossCheck } from './check.js';
import { scenarioSchema, type Scenario } from './schema.js';

/** A scenario file that cannot be used, with every problem by path. Nothing was touched. */
export class ScenarioError extends Error {
  readonly code = 'invalid_scenario';
  readonly problems: readonly string[];

  constructor(file: string, problems: readonly string[]) {
    super(`${file}: invalid scenario\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ScenarioError';
    this.problems = problems;
  }
}

export const scenariosDir = (root: string) => join(root, 'chaos', 'scenarios');

/** The packs under chaos/scenarios/, by folder name. */
export function listScenarioNames(root: string): string[] {
  const dir = scenariosDir(root);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'scenario.yaml'))).map((e) => e.name).sort();
}

/** Parses and checks scenario YAML text; throws ScenarioError listing every problem. */
export function parseScenario(root: string, text: string, file: string): Scenario {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    throw new ScenarioError(file, [`not valid YAML: ${(err as Error).message.split('\n')[0]}`]);
  }
  const result = scenarioSchema.safeParse(data);
  if (!result.success) {
    throw new ScenarioError(file, result.error.issues.map((i) => {
      const at = formatPath(i.path);
      if (i.code === 'unrecognized_keys') return i.keys.map((k) => `${at === '(body)' ? '' : `${at}.`}${k}: unknown field`).join('\n');
      return `${at}: ${i.message}`;
    }).flatMap((l) => l.split('\n')));
  }
  const problems = crossCheck(root, result.data);
  if (problems.length > 0) throw new ScenarioError(file, problems);
  return result.data;
}

/** Loads a pack by name (chaos/scenarios/<name>/scenario.yaml) or by path to a scenario.yaml. */
export function loadScenario(root: string, nameOrPath: string): { scenario: Scenario; file: string; dir: string } {
  const byName = join(scenariosDir(root), nameOrPath, 'scenario.yaml');
  const file = existsSync(byName) ? byName : nameOrPath;
  if (!existsSync(file)) {
    const known = listScenarioNames(root);
    throw new ScenarioError(nameOrPath, [`no scenario "${nameOrPath}"; known: ${known.join(', ') || 'none'}`]);
  }
  const scenario = parseScenario(root, readFileSync(file, 'utf8'), file);
  return { scenario, file, dir: join(file, '..') };
}
