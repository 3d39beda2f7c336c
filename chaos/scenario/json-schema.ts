import { z } from 'zod';
import { scenarioSchema } from './schema.js';

/** The scenario schema as JSON Schema, for editors (chaos/scenario.schema.json). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'firedrill chaos scenario',
    description: 'chaos/scenarios/<name>/scenario.yaml — generated from chaos/scenario/schema.ts by `npx firedrill chaos schema`; do not edit.',
  };
}
