/**
 * The little of JSON Schema /drill reads from a desk tool's `inputSchema` (zod's export):
 * each argument's types, whether it is required, its allowed values and its default.
 */
export interface ArgSpec {
  name: string;
  /** JSON Schema type names, e.g. ['integer'] or ['string', 'null']; empty when the schema names none. */
  types: string[];
  /** The item types of an array argument. */
  itemTypes: string[];
  required: boolean;
  description: string | undefined;
  /** enum or const values. */
  choices: unknown[] | undefined;
  default: unknown;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The type names of one schema node, following `anyOf` / `oneOf` one level down. */
function typesOf(node: unknown): string[] {
  if (!isObject(node)) return [];
  const own = typeof node.type === 'string' ? [node.type] : Array.isArray(node.type) ? node.type.filter((t): t is string => typeof t === 'string') : [];
  const alternatives = [node.anyOf, node.oneOf].flatMap((a) => (Array.isArray(a) ? a : [])).flatMap(typesOf);
  return [...new Set([...own, ...alternatives])];
}

function choicesOf(node: Json): unknown[] | undefined {
  if (Array.isArray(node.enum)) return node.enum;
  if ('const' in node) return [node.const];
  return undefined;
}

/** Every argument of a tool, in the schema's order. */
export function argSpecs(schema: Json): ArgSpec[] {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  return Object.entries(properties).map(([name, raw]) => {
    const node = isObject(raw) ? raw : {};
    return {
      name,
      types: typesOf(node),
      itemTypes: typesOf(node.items),
      required: required.has(name),
      description: typeof node.description === 'string' ? node.description : undefined,
      choices: choicesOf(node),
      default: node.default,
    };
  });
}

/** `integer`, `string, one of: a, b`, `array of string` — how an argument is written. */
export function typeLabel(spec: ArgSpec): string {
  const types = spec.types.filter((t) => t !== 'null');
  const base = types.includes('array') ? `list of ${spec.itemTypes.join(' or ') || 'values'}` : types.join(' or ') || 'value';
  return spec.choices ? `${base}, one of: ${spec.choices.map((c) => String(c)).join(', ')}` : base;
}

/**
 * One mrkdwn line per argument, for help and for a call that went wrong:
 * `query` (string, required) — what it is (default 20).
 * Descriptions are the desk's own; nothing here is escaped (the caller escapes).
 */
export function describeArgs(schema: Json): string[] {
  return argSpecs(schema).map((s) => {
    const flags = [typeLabel(s), ...(s.required ? ['required'] : [])].join(', ');
    // The desk's descriptions often say their default already.
    const dflt = s.default === undefined || /\bdefault\b/i.test(s.description ?? '') ? '' : ` (default ${JSON.stringify(s.default)})`;
    return `• \`${s.name}\` (${flags})${s.description ? ` — ${s.description}` : ''}${dflt}`;
  });
}
