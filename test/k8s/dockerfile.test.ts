import { existsSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staticDir } from '../../bot/workspace/page/assets.js';
import { scenariosDir } from '../../chaos/scenario/load.js';
import { deployables } from '../../lab/deployables.js';
import { shopSeed } from '../../lab/paths.js';
import { allContainers, podTemplates, renderKustomization, repoRoot } from './render.js';

interface Instruction {
  stage: string;
  op: string;
  args: string;
}

/** The Dockerfile as instructions tagged with their stage; `\` continuations joined, comments dropped. */
function parseDockerfile(text: string): Instruction[] {
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  let stage = '';
  return lines.map((line) => {
    const [op = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (op.toUpperCase() === 'FROM') stage = /\sAS\s+(\S+)/i.exec(line)?.[1] ?? args;
    return { stage, op: op.toUpperCase(), args };
  });
}

interface Copy {
  stage: string;
  from: string | undefined;
  sources: string[];
  dest: string;
}

function copies(instructions: readonly Instruction[]): Copy[] {
  return instructions.filter((i) => i.op === 'COPY').map((i) => {
    const words = i.args.split(/\s+/);
    const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
    const paths = words.filter((w) => !w.startsWith('--'));
    return { stage: i.stage, from, sources: paths.slice(0, -1), dest: paths.at(-1) ?? '' };
  });
}

/** Docker's .dockerignore match, for the pattern forms used here: `*`, `**`, literal paths from the context root. */
function ignoredBy(patterns: readonly string[], path: string): string | undefined {
  const parts = path.split('/');
  const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  return patterns.find((p) => {
    const re = new RegExp(`^${p.replace(/[.+^${}()|[\]]/g, '\\$&').replace(/\*\*\//g, '(?:.*/)?').replace(/\*/g, '[^/]*')}$`);
    return prefixes.some((x) => re.test(x));
  });
}

const dockerfile = parseDockerfile(readFileSync(join(repoRoot, 'Dockerfile'), 'utf8'));
const ignore = readFileSync(join(repoRoot, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
const stages = [...new Set(dockerfile.map((i) => i.stage))];
const runtime = stages.at(-1) ?? '';
const runtimeWorkdir = dockerfile.filter((i) => i.stage === runtime && i.op === 'WORKDIR').at(-1)?.args ?? '/';

/** The runtime image's paths under its WORKDIR, as repository-relative paths. */
const imagePaths = copies(dockerfile).filter((c) => c.stage === runtime).map((c) => posix.relative(runtimeWorkdir, posix.resolve(runtimeWorkdir, c.dest)));

function inImage(path: string): boolean {
  return imagePaths.some((p) => path === p || path.startsWith(`${p}/`));
}

describe('the Dockerfile', () => {
  it('is multi-stage: npm ci and npm run build in a builder, a non-root runtime', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const build = dockerfile.filter((i) => i.stage !== runtime && i.op === 'RUN').map((i) => i.args).join(' && ');
    expect(build).toContain('npm ci');
    expect(build).toContain('npm run build');
    const user = dockerfile.filter((i) => i.stage === runtime && i.op === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
  });

  it('copies only paths the build context holds and .dockerignore lets through', () => {
    const fromContext = copies(dockerfile).filter((c) => c.from === undefined).flatMap((c) => c.sources);
    expect(fromContext.length).toBeGreaterThan(0);
    for (const source of fromContext) {
      expect(existsSync(join(repoRoot, source)), source).toBe(true);
      expect(ignoredBy(ignore, source.replace(/\/+$/, '')), source).toBeUndefined();
    }
  });

  it('keeps node_modules, .firedrill, dist and .git out of the build context', () => {
    for (const path of ['node_modules', 'node_modules/yaml', 'bot/node_modules', '.firedrill', 'dist', 'dist/lab/cli/main.js', '.git']) {
      expect(ignoredBy(ignore, path), path).toBeDefined();
    }
  });

  it('takes dist/ and node_modules from a build stage, not from the host', () => {
    const fromStages = copies(dockerfile).filter((c) => c.stage === runtime && c.from !== undefined);
    for (const path of ['dist', 'node_modules']) {
      expect(fromStages.some((c) => c.sources.some((s) => s.replace(/\/+$/, '').endsWith(`/${path}`))), path).toBe(true);
    }
  });

  it('holds what the deployables read from the repository at run time', () => {
    const read = [
      'package.json', // repoRoot() finds the app by it
      relative(repoRoot, staticDir(repoRoot)),
      relative(repoRoot, scenariosDir(repoRoot)),
      relative(repoRoot, shopSeed(repoRoot).flags),
      ...['storefront', 'orders', 'fulfillment', 'partners', 'seating'].map((s) => relative(repoRoot, shopSeed(repoRoot).config(s))),
      'services', // the shop repository starts from a snapshot of the services' source
      'bot/manifest.yaml', 'dashboards/prometheus/alerts.yml',
      'lab/traffic/traffic.yaml', 'lab/pager/pager.yaml', 'bot/workspace/workspace.yaml',
      ...deployables.map((d) => `dist/${d.entry}`),
    ];
    expect(read.filter((p) => !inImage(p))).toEqual([]);
  });

  it('holds every file a container of the kind render starts', () => {
    const objects = renderKustomization('k8s/overlays/kind');
    const started = podTemplates(objects)
      .flatMap((p) => allContainers(p.spec))
      .filter((c) => c.image.startsWith('firedrill') && c.command?.[0] === 'node')
      .map((c) => c.command?.[1] ?? '');
    expect(started.length).toBeGreaterThan(deployables.length);
    for (const file of started) {
      expect(inImage(file), file).toBe(true);
      // dist/ is the host's `make build` output; the image builds the same tree.
      expect(existsSync(join(repoRoot, file)), file).toBe(true);
    }
  });
});
