import { argSpecs, type ArgSpec } from './schema.js';

export type ParsedArgs =
  | { ok: true; args: Record<string, unknown> }
  /** `problem` is one plain sentence naming what is wrong; `field` the argument, when one is. */
  | { ok: false; problem: string; field?: string };

/**
 * Slack (and macOS) turn typed quotes into typographic ones; a pair of single ones is
 * matched as a pair so an apostrophe (don’t) stays what it is.
 */
function straightenQuotes(text: string): string {
  return text.replace(/[“”„]/g, '"').replace(/‘([^’]*)’/g, "'$1'");
}

/** Shell-like words: whitespace splits them, except inside '…' or "…" (where \" and \\ escape). */
function words(text: string): { ok: true; words: string[] } | { ok: false; problem: string } {
  const out: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (quote === '"' && c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
        word += text[i + 1];
        i += 1;
      } else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) return { ok: false, problem: `a ${quote} quote is never closed` };
  if (inWord) out.push(word);
  return { ok: true, words: out };
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);

function scalar(value: string, types: readonly string[]): unknown {
  if ((types.includes('integer') || types.includes('number')) && NUMBER.test(value)) return Number(value);
  if (types.includes('boolean')) {
    if (TRUE.has(value.toLowerCase())) return true;
    if (FALSE.has(value.toLowerCase())) return false;
  }
  return value;
}

function parsesAsJson(value: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(value) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * A `key=value` value as the argument's schema types it. What cannot be coerced stays the
 * string it was: the desk validates every call and names the argument that is wrong.
 */
function coerce(value: string, spec: ArgSpec | undefined): unknown {
  if (!spec) return value;
  const { types } = spec;
  if (types.includes('array')) {
    if (value.trimStart().startsWith('[')) {
      const json = parsesAsJson(value);
      if (json.ok) return json.value;
    }
    return value.split(',').map((v) => v.trim()).filter((v) => v !== '').map((v) => scalar(v, spec.itemTypes));
  }
  if (types.includes('object') && value.trimStart().startsWith('{')) {
    const json = parsesAsJson(value);
    if (json.ok) return json.value;
  }
  return scalar(value, types);
}

/**
 * The arguments of `/drill <tool> …`: a JSON object (`{"query":"up"}`) or `key=value` pairs
 * (`query="sum(rate(x[1m]))" tail=20`), values coerced by the tool's JSON Schema (integer,
 * number, boolean, comma-separated lists). Repeating a list argument adds to the list.
 */
export function parseDrillArgs(text: string, schema: Record<string, unknown>): ParsedArgs {
  const trimmed = straightenQuotes(text).trim();
  if (trimmed === '') return { ok: true, args: {} };
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (err) {
      return { ok: false, problem: `the arguments are not valid JSON (${(err as Error).message})` };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, problem: 'the JSON arguments must be an object such as {"query":"up"}' };
    return { ok: true, args: parsed as Record<string, unknown> };
  }
  const split = words(trimmed);
  if (!split.ok) return split;
  const specs = new Map(argSpecs(schema).map((s) => [s.name, s]));
  const args: Record<string, unknown> = {};
  for (const word of split.words) {
    const eq = word.indexOf('=');
    if (eq < 0) {
      // The argument a bare word most likely meant: the first required one (prometheus_query's query).
      const guess = [...specs.values()].find((s) => s.required) ?? [...specs.values()][0];
      const quoted = /\s/.test(word) ? `"${word}"` : word;
      return guess
        ? { ok: false, problem: `"${word}" is not key=value; did you mean ${guess.name}=${quoted}?`, field: guess.name }
        : { ok: false, problem: `"${word}" is not key=value, and this tool takes no arguments` };
    }
    const key = word.slice(0, eq).trim();
    if (key === '') return { ok: false, problem: `"${word}" has no argument name before =` };
    const spec = specs.get(key);
    const value = coerce(word.slice(eq + 1), spec);
    const before = args[key];
    if (before !== undefined) {
      if (!(Array.isArray(before) && Array.isArray(value))) return { ok: false, problem: `${key} is given twice`, field: key };
      args[key] = [...before, ...value];
    } else args[key] = value;
  }
  return { ok: true, args };
}
