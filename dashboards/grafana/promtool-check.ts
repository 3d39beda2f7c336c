import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { DashboardQuery } from './index.js';

export interface ParseFailure extends DashboardQuery {
  /** promtool's own words for this expression. */
  message: string;
}

export interface PromtoolResult {
  status: number | null;
  output: string;
  failures: ParseFailure[];
}

export const recordName = (n: number): string => `firedrill:check_${n}`;

/** One recording rule per expression, so promtool's PromQL parser checks each and names the failing one. */
export function rulesFor(queries: readonly DashboardQuery[]): string {
  return stringify({ groups: [{ name: 'firedrill-dashboards', rules: queries.map((q, n) => ({ record: recordName(n), expr: q.expr })) }] }, { lineWidth: 0 });
}

/**
 * Runs `promtool check rules` on the generated rules and maps each failing rule back to its
 * dashboard, panel and expression. promtool names failures `"firedrill:check_<n>": ...`.
 * Throws when promtool cannot run at all, so a missing binary is never a pass.
 */
export function checkWithPromtool(queries: readonly DashboardQuery[], promtool = 'promtool'): PromtoolResult {
  const dir = mkdtempSync(join(tmpdir(), 'firedrill-dashboards-'));
  try {
    const file = join(dir, 'dashboard-queries.rules.yml');
    writeFileSync(file, rulesFor(queries));
    const run = spawnSync(promtool, ['check', 'rules', file], { encoding: 'utf8' });
    if (run.error) throw new Error(`promtool is not runnable (${run.error.message}); run \`make deps\` or scripts/system-deps.sh promtool`);
    const output = `${run.stdout}${run.stderr}`;
    const failures: ParseFailure[] = [];
    for (const line of output.split('\n')) {
      const m = /"firedrill:check_(\d+)": (.*)$/.exec(line);
      const q = m ? queries[Number(m[1])] : undefined;
      if (m && q) failures.push({ ...q, message: m[2] ?? '' });
    }
    return { status: run.status, output, failures };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
