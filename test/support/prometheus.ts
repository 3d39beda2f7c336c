import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fastRules } from '../../lab/runtime/local/plan.js';
import { until } from './poll.js';
import { freePort } from './ports.js';
import { root, spawnLogged } from './processes.js';

export interface TestPrometheus {
  url: string;
  /** GET an API path and return its `data`; a non-success answer throws. */
  api<T>(path: string, params?: Record<string, string>): Promise<T>;
  stop(): Promise<void>;
}

/**
 * A real Prometheus on a free port, scraping `targets` (job → host:port, each labelled
 * `service: <job>` as the lab does) every second and evaluating the repository's alert
 * rules with the test profile's short `for:`. Its own process group, stopped in teardown.
 */
export async function startPrometheus(targets: Record<string, string>, opts: { rules?: boolean } = {}): Promise<TestPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'fd-prom-'));
  const port = await freePort();
  const rules = join(dir, 'alerts.yml');
  if (opts.rules !== false) writeFileSync(rules, fastRules(readFileSync(join(root, 'dashboards', 'prometheus', 'alerts.yml'), 'utf8')));
  const jobs = Object.entries(targets).map(([job, target]) => `  - job_name: ${job}
    static_configs:
      - targets: ['${target}']
        labels:
          service: ${job}`);
  writeFileSync(join(dir, 'prometheus.yml'), `global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
${opts.rules === false ? '  []' : `  - ${rules}`}
scrape_configs:
${jobs.join('\n')}
`);
  const proc = spawnLogged('prometheus', 'prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`,
  ], { PATH: process.env.PATH ?? '' });
  const url = `http://127.0.0.1:${port}`;
  await until('prometheus to be ready', async () => {
    if (proc.child.exitCode !== null) throw new Error(`prometheus exited ${proc.child.exitCode}: ${proc.stderr().slice(-2000)}`);
    return (await fetch(`${url}/-/ready`).catch(() => undefined))?.status === 200;
  }, { timeoutMs: 30_000, everyMs: 100 });
  return {
    url,
    async api<T>(path: string, params: Record<string, string> = {}): Promise<T> {
      const res = await fetch(`${url}${path}?${new URLSearchParams(params).toString()}`);
      const body = (await res.json()) as { status: string; data: T; error?: string };
      if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error ?? res.status}`);
      return body.data;
    },
    async stop() {
      if (proc.child.exitCode !== null || proc.child.signalCode !== null || proc.child.pid === undefined) return;
      process.kill(-proc.child.pid, 'SIGTERM');
      await proc.exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
