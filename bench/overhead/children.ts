import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { grace } from '../poll.js';

export interface Child {
  name: string;
  process: ChildProcess;
  /** The file its stdout and stderr go to. */
  logFile: string;
  /** Exit code or signal once it has exited. */
  exited(): string | undefined;
}

export interface Children {
  /** Starts a process writing stdout and stderr straight into `<logDir>/<name>.log`, as the lab's supervisor does. */
  start(name: string, command: string, args: readonly string[], env?: Record<string, string>): Child;
  /** SIGTERM to each running child, SIGKILL to whichever is still there after `graceMs`. */
  stopAll(graceMs?: number): Promise<void>;
}


/**
 * The bench's child processes. stopAll runs in a `finally`; the exit hook is the last
 * resort for a bench that dies without reaching it, so no child outlives it.
 */
export function createChildren(logDir: string): Children {
  const running = new Set<Child>();
  const killAll = () => {
    for (const c of running) c.process.kill('SIGKILL');
  };
  process.on('exit', killAll);
  return {
    start(name, command, args, env = {}) {
      const logFile = join(logDir, `${name}.log`);
      const fd = openSync(logFile, 'a');
      const child = spawn(command, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', fd, fd] });
      closeSync(fd);
      let exit: string | undefined;
      const c: Child = { name, process: child, logFile, exited: () => exit };
      running.add(c);
      child.once('exit', (code, signal) => {
        exit = signal ?? String(code);
        running.delete(c);
      });
      child.once('error', (err) => {
        exit = err.message;
        running.delete(c);
      });
      return c;
    },
    async stopAll(graceMs = 5000) {
      const waits = [...running].map(async (c) => {
        const gone = new Promise<void>((resolve) => c.process.once('exit', () => resolve()));
        c.process.kill('SIGTERM');
        const stopped = await Promise.race([gone.then(() => true), grace(graceMs).then(() => false)]);
        if (!stopped) {
          c.process.kill('SIGKILL');
          await gone;
        }
      });
      await Promise.all(waits);
      process.off('exit', killAll);
    },
  };
}

/** Polls until `probe` resolves true; fails early when the child exits, naming its log. */
export async function waitReady(child: Child, what: string, probe: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const exit = child.exited();
    if (exit !== undefined) throw new Error(`${child.name} exited (${exit}) before ${what}; see ${child.logFile}`);
    if (await probe().catch(() => false)) return;
    await delay(100);
  }
  throw new Error(`${child.name}: no ${what} within ${timeoutMs} ms; see ${child.logFile}`);
}

/** True when GET `url` answers 2xx. */
export async function httpOk(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
  await res.arrayBuffer();
  return res.ok;
}
