import { cli, type TestLab } from './lab.js';
import { until } from './poll.js';
import { spawnLogged } from './processes.js';

/** `firedrill chaos inject ...` against a test lab, in the background, with its output kept. */
export function startRunner(lab: TestLab, ...args: string[]) {
  const runner = spawnLogged('chaos', process.execPath, [cli, 'chaos', 'inject', ...args, '--state-dir', lab.stateDir], { PATH: process.env.PATH ?? '' });
  let out = '';
  runner.child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  /** Waits for a line of the runner's record; a runner that exits first fails with what it said. */
  const said = (text: string, timeoutMs: number) => until(`the runner to say "${text}"`, () => {
    if (out.includes(text)) return true;
    if (runner.child.exitCode !== null) throw new Error(`the runner exited ${runner.child.exitCode}: ${out}\n${runner.stderr()}`);
    return false;
  }, { timeoutMs, everyMs: 250 });
  return { ...runner, out: () => out, said };
}
