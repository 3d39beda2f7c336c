import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The clone's root: the nearest folder up from this file whose package.json is firedrill's. */
export function repoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'firedrill') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`firedrill's package.json not found above ${from}`);
    dir = parent;
  }
}

export function distPath(root: string, entry: string): string {
  return join(root, 'dist', entry);
}

/** The shop's deploy config the lab starts from (the shop repository is seeded with it). */
export function shopSeed(root: string) {
  return {
    config: (service: string) => join(root, 'lab', 'shop-seed', 'config', `${service}.yaml`),
    flags: join(root, 'lab', 'shop-seed', 'flags.json'),
  };
}

export function packageVersion(root: string): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}
