import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

function promtool(...args: string[]) {
  const run = spawnSync('promtool', args, { cwd: here, encoding: 'utf8' });
  if (run.error) throw new Error(`promtool is not runnable (${run.error.message}); run \`make deps\``);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the shop alert rules (dashboards/prometheus/alerts.yml)', () => {
  it('pass promtool check rules', () => {
    const run = promtool('check', 'rules', join(here, 'alerts.yml'));
    expect(run.output).toMatch(/SUCCESS: \d+ rules found/);
    expect(run.status).toBe(0);
  });

  it('pass promtool test rules: quiet steady state, the page and warnings of storefront-offline', () => {
    const run = promtool('test', 'rules', join(here, 'alerts.test.yml'));
    expect(run.output).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });

  it('pass promtool test rules: a breaker that flaps in a storm pages, a single short trip does not', () => {
    const run = promtool('test', 'rules', join(here, 'breaker-flapping.test.yml'));
    expect(run.output).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });
});
