import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

/** The bot scopes bot/manifest.yaml asks for: what `slack doctor` checks a workspace grants. */
export function manifestBotScopes(root: string): string[] {
  const manifest = parseYaml(readFileSync(join(root, 'bot', 'manifest.yaml'), 'utf8')) as { oauth_config?: { scopes?: { bot?: string[] } } };
  return manifest.oauth_config?.scopes?.bot ?? [];
}
