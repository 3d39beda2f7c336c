import { spawnSync } from 'node:child_process';

/** prom-client's own default gauges whose `_total` names promtool's linter flags. */
const allowed = /^nodejs_active_(handles|requests|resources)_total\b/;

/**
 * Runs `promtool check metrics` on an exposition and returns the problems that are not
 * the allowed prom-client names. promtool prints one "<metric> <problem>" line each.
 */
export function promtoolProblems(exposition: string): string[] {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  if (run.error) throw new Error(`promtool not runnable (${run.error.message}); run \`make deps\``);
  const out = `${run.stdout}\n${run.stderr}`;
  if (/error while linting|parse error/i.test(out)) return [out.trim()];
  return out.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !allowed.test(l));
}
