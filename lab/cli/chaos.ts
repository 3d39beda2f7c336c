import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenarioJsonSchema } from '../../chaos/scenario/json-schema.js';
import { listScenarioNames, loadScenario, ScenarioError } from '../../chaos/scenario/load.js';
import { CliError } from './start.js';

/** `firedrill chaos list | validate <name|file> | schema`. */
export function runChaos(proc: NodeJS.Process, root: string, argv: readonly string[]): number {
  const [sub, arg] = argv;
  switch (sub) {
    case 'list': {
      for (const name of listScenarioNames(root)) {
        try {
          const { scenario } = loadScenario(root, name);
          proc.stdout.write(`${name.padEnd(24)} ${scenario.difficulty.padEnd(7)} ttl ${scenario.ttl.padEnd(4)} ${scenario.title}\n`);
        } catch (err) {
          proc.stdout.write(`${name.padEnd(24)} INVALID  ${err instanceof ScenarioError ? `${err.problems.length} problem(s): run \`npx firedrill chaos validate ${name}\`` : (err as Error).message}\n`);
        }
      }
      return 0;
    }
    case 'validate': {
      if (!arg) throw new CliError('chaos validate: which scenario? a name from `chaos list` or a path to a scenario.yaml');
      try {
        const { scenario, file } = loadScenario(root, arg);
        proc.stdout.write(`${file}: valid (${scenario.method.length} steps, ttl ${scenario.ttl})\n`);
        return 0;
      } catch (err) {
        if (err instanceof ScenarioError) throw new CliError(err.message);
        throw err;
      }
    }
    case 'schema': {
      const file = join(root, 'chaos', 'scenario.schema.json');
      writeFileSync(file, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
      proc.stdout.write(`wrote ${file}\n`);
      return 0;
    }
    default:
      throw new CliError(`chaos: unknown subcommand "${sub ?? ''}"; one of list, validate, schema (run \`npx firedrill help chaos\`)`);
  }
}
