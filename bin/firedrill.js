#!/usr/bin/env node
// The package `bin`: runs the compiled CLI, building it first on a fresh clone.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'lab', 'cli', 'main.js');

if (!existsSync(cli)) {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!existsSync(tsc)) {
    process.stderr.write('firedrill: npm packages are not installed. Run `make install` (or `npm ci`) in ' + root + ', then try again.\n');
    process.exit(1);
  }
  process.stderr.write('firedrill: first run, compiling TypeScript to dist/ ...\n');
  const built = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  if (built.status !== 0) {
    process.stderr.write('firedrill: build failed; run `make build` to see why.\n');
    process.exit(1);
  }
}
await import(pathToFileURL(cli).href);
