import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../../../lab/paths.js';

/**
 * The page's HTML, CSS and browser modules live in the source tree, not in dist (tsc
 * copies no assets), so both `node dist/...` and vitest serve them from the clone's
 * `bot/workspace/page/static`, found from the repo root rather than from this file.
 */
export function staticDir(root: string = repoRoot(dirname(fileURLToPath(import.meta.url)))): string {
  const dir = join(root, 'bot', 'workspace', 'page', 'static');
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`the workspace page's assets are missing: no index.html in ${dir}`);
  return dir;
}

/**
 * Everything comes from the workspace itself (avatars are data: URLs): the policy keeps a
 * message's text from ever running as script and the page from reaching the internet.
 */
export const contentSecurityPolicy = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
  "font-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');
