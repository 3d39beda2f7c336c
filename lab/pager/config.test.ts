import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { problemsOf } from '../../test/support/config.js';
import { loadPagerConfig, pagerDeploySchema } from './config.js';

const dir = mkdtempSync(join(tmpdir(), 'pager-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function deployFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('pager config', () => {
  it('defaults to port 8091, the lab Redis and a five-minute escalation through dan, kevin, alicia', () => {
    const cfg = loadPagerConfig({});
    expect(cfg.settings.port).toBe(8091);
    expect(cfg.settings.host).toBe('127.0.0.1');
    expect(cfg.redisUrl).toBe('redis://127.0.0.1:6390/0');
    expect(cfg.deploy).toEqual({ escalateAfterMs: 300_000, escalation: ['dan', 'kevin', 'alicia'] });
    expect(Object.isFrozen(cfg.deploy.escalation)).toBe(true);
  });

  it('lab/pager/pager.yaml spells out exactly the schema defaults', () => {
    const path = fileURLToPath(new URL('./pager.yaml', import.meta.url));
    const defaults = pagerDeploySchema.parse({});
    expect(parseYaml(readFileSync(path, 'utf8'))).toEqual(defaults);
    expect(loadPagerConfig({ PAGER_CONFIG_FILE: path }).deploy).toEqual(defaults);
  });

  it('reads PAGER_* and keeps the defaults a file leaves out', () => {
    const path = deployFile('fast.yaml', 'escalateAfterMs: 2000\n');
    const cfg = loadPagerConfig({ PAGER_CONFIG_FILE: path, PAGER_PORT: '0', PAGER_HOST: '0.0.0.0', PAGER_REDIS_URL: 'redis://127.0.0.1:7000/3' });
    expect(cfg.deploy).toEqual({ escalateAfterMs: 2000, escalation: ['dan', 'kevin', 'alicia'] });
    expect(cfg.settings.port).toBe(0);
    expect(cfg.settings.host).toBe('0.0.0.0');
    expect(cfg.redisUrl).toBe('redis://127.0.0.1:7000/3');
  });

  it('reports every bad key together', () => {
    const path = deployFile('bad.yaml', 'escalateAfterMs: 50\nescalation: []\nescalateAfter: 3\n');
    const problems = problemsOf(() => loadPagerConfig({ PAGER_CONFIG_FILE: path, PAGER_REDIS_URL: 'http://nope' }));
    expect(problems).toHaveLength(4);
    expect(problems).toContainEqual(expect.stringMatching(/^PAGER_REDIS_URL: expected a Redis URL/));
    expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${path}: escalateAfterMs: .*\\(got 50\\)$`)));
    expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${path}: escalation: `)));
    expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${path}: escalateAfter: unknown setting; known settings are escalateAfterMs, escalation`)));
  });
});
