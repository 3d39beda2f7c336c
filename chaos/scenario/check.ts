import { readFileSync } from 'node:fs';
import { parse as parseYaml, stringify } from 'yaml';
import { z } from 'zod';
import { checkDeployText } from '../../services/kit/config.js';
import { trafficDeploySchema } from '../../lab/traffic/config.js';
import { deployables } from '../../lab/deployables.js';
import { shopSeed } from '../../lab/paths.js';
import { coworkers } from '../../lab/shop-repo/history.js';
import { isShopService, shopServices } from '../../lab/shop-repo/repo.js';
import { deploySchemas } from '../../lab/shop-repo/schemas.js';
import type { Scenario } from './schema.js';
import { didYouMean } from './suggest.js';

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let s = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodPrefault) s = s.unwrap() as z.ZodType;
  return s;
}

/** Every leaf setting of an object schema as a dotted path (breaker.timeoutMs). */
export function settingPaths(schema: z.ZodType, prefix = ''): string[] {
  const s = unwrap(schema);
  if (!(s instanceof z.ZodObject)) return prefix ? [prefix] : [];
  return Object.entries(s.shape as Record<string, z.ZodType>).flatMap(([k, v]) => {
    const inner = unwrap(v);
    const path = prefix ? `${prefix}.${k}` : k;
    return inner instanceof z.ZodObject ? settingPaths(inner, path) : [path];
  });
}

/** Sets a dotted path in a plain object, creating objects on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur: Record<string, unknown> = target;
  for (const p of parts.slice(0, -1)) {
    const next = cur[p];
    cur = (cur[p] = next && typeof next === 'object' ? { ...(next as Record<string, unknown>) } : {}) as Record<string, unknown>;
  }
  cur[parts.at(-1) ?? ''] = value;
}

interface FlagDef {
  variants: Record<string, unknown>;
}

/**
 * The checks a schema cannot make alone: services, config keys and values (checked with
 * the service's own schema against the seed config), flags and variants, load settings,
 * people. Every problem is named by its path, with a suggestion when a name is close.
 */
export function crossCheck(root: string, s: Scenario): string[] {
  const problems: string[] = [];
  const people = [...new Set([...Object.keys(coworkers), ...s.personas.map((p) => p.handle)])];
  const flags = (JSON.parse(readFileSync(shopSeed(root).flags, 'utf8')) as { flags: Record<string, FlagDef> }).flags;
  const labNames = deployables.map((d) => d.name);
  const loadPaths = settingPaths(trafficDeploySchema);

  const checkConfig = (at: string, service: string, set: Record<string, unknown>) => {
    if (!isShopService(service)) {
      problems.push(`${at}.service: unknown shop service "${service}"${didYouMean(service, shopServices)}`);
      return;
    }
    const schema = deploySchemas[service];
    const known = settingPaths(schema);
    const bad = Object.keys(set).filter((k) => !known.includes(k));
    for (const k of bad) problems.push(`${at}.set.${k}: unknown ${service} setting${didYouMean(k, known)}`);
    if (bad.length > 0) return;
    const config = readSeedConfig(root, service);
    for (const [k, v] of Object.entries(set)) setPath(config, k, v);
    const checked = checkDeployText(schema, stringify(config), `${at}.set`);
    problems.push(...checked.problems);
  };

  s.method.forEach((step, i) => {
    const at = `method[${i}]`;
    if ('as' in step && !people.includes(step.as)) problems.push(`${at}.as: unknown person "${step.as}"${didYouMean(step.as, people)}`);
    if (step.kind === 'commit-and-deploy' || (step.kind === 'noise' && step.noise === 'deploy')) checkConfig(at, step.service, step.set);
    if (step.kind === 'flag') {
      const flag = flags[step.flag];
      if (!flag) problems.push(`${at}.flag: unknown flag "${step.flag}"${didYouMean(step.flag, Object.keys(flags))}`);
      else if (!(step.variant in flag.variants)) problems.push(`${at}.variant: flag ${step.flag} has no variant "${step.variant}"; its variants are ${Object.keys(flag.variants).join(', ')}`);
    }
    if (step.kind === 'load') {
      for (const k of Object.keys(step.set)) if (!loadPaths.includes(k)) problems.push(`${at}.set.${k}: unknown traffic setting${didYouMean(k, loadPaths)}`);
    }
    if (step.kind === 'noise' && step.noise === 'alert' && !labNames.includes(step.service)) {
      problems.push(`${at}.service: unknown deployable "${step.service}"${didYouMean(step.service, labNames)}`);
    }
  });
  [...s.probes.steady.map((p, i) => [p, `probes.steady[${i}]`] as const), ...s.probes.incident.map((p, i) => [p, `probes.incident[${i}]`] as const)].forEach(([p, at]) => {
    if (p.kind === 'http' && !labNames.includes(p.service)) problems.push(`${at}.service: unknown deployable "${p.service}"${didYouMean(p.service, labNames)}`);
  });
  const herrings = s.truth.redHerrings.map((h) => h.name);
  const targets = [...labNames, ...Object.keys(flags)];
  s.personas.forEach((p, i) => {
    if (p.suspects !== undefined && !herrings.includes(p.suspects)) problems.push(`personas[${i}].suspects: no red herring named "${p.suspects}"${didYouMean(p.suspects, herrings)}`);
  });
  if (!s.personas.some((p) => p.approves)) problems.push('personas: nobody can approve a fix; give at least one persona `approves: true`');
  (['fixes', 'traps'] as const).forEach((kind) => s.remedies[kind].forEach((r, i) => r.targets.forEach((t, j) => {
    if (!targets.includes(t)) problems.push(`remedies.${kind}[${i}].targets[${j}]: unknown service or flag "${t}"${didYouMean(t, targets)}`);
  })));
  return problems;
}

function readSeedConfig(root: string, service: string): Record<string, unknown> {
  return (parseYaml(readFileSync(shopSeed(root).config(service), 'utf8')) ?? {}) as Record<string, unknown>;
}
