import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../../test/support/poll.js';
import { freePort } from '../../../test/support/ports.js';
import { isAlive } from '../../../test/support/processes.js';
import type { ProcessSpec } from './spec.js';
import { createSupervisor } from './supervisor.js';

// A real process that serves /readyz and then dies with code 3 after `lifeMs`.
const flaky = (port: number, lifeMs: number): ProcessSpec => ({
  name: 'flaky',
  command: process.execPath,
  args: ['-e', `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1'); setTimeout(() => process.exit(3), ${lifeMs});`],
  env: {},
  port,
  dependsOn: [],
  health: { kind: 'http', path: '/readyz' },
});

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

describe('the local supervisor', () => {
  it('restarts a crashing process with backoff and reports a crash loop, as Kubernetes does', async () => {
    const port = await freePort();
    const sup = createSupervisor({ specs: [flaky(port, 400)], logDir: mkdtempSync(join(tmpdir(), 'fd-sup-')), progress: () => undefined });
    stops.push(() => sup.stop());
    await sup.start();
    const reasons = async () => (await sup.runtime.events({ deployable: 'flaky' })).map((e) => e.reason);
    await until('a crash loop', async () => (await reasons()).includes('CrashLoop'), { timeoutMs: 30_000, everyMs: 100 });
    const events = await sup.runtime.events({ deployable: 'flaky' });
    expect(events.find((e) => e.reason === 'Exited')?.message).toBe('exited with code 3');
    expect(await reasons()).toEqual(expect.arrayContaining(['Started', 'Ready', 'Exited', 'BackOff', 'Restarted', 'CrashLoop']));
    const pod = (await sup.runtime.listPods())[0];
    expect(pod?.restarts).toBeGreaterThanOrEqual(2);
    expect(['CrashLoopBackOff', 'Running', 'Pending']).toContain(pod?.status);
  });

  it('refuses a dependency it does not know and a cycle, before starting anything', () => {
    const a: ProcessSpec = { ...flaky(1, 1), name: 'a', dependsOn: ['b'] };
    expect(() => createSupervisor({ specs: [a], logDir: tmpdir(), progress: () => undefined })).toThrow('a depends on unknown process b');
    const b: ProcessSpec = { ...flaky(1, 1), name: 'b', dependsOn: ['a'] };
    expect(() => createSupervisor({ specs: [a, b], logDir: tmpdir(), progress: () => undefined })).toThrow(/dependency cycle/);
  });

  it('stops every process it started, by pid', async () => {
    const port = await freePort();
    const sup = createSupervisor({ specs: [flaky(port, 600_000)], logDir: mkdtempSync(join(tmpdir(), 'fd-sup-')), progress: () => undefined });
    await sup.start();
    const pids = sup.pids();
    expect(pids).toHaveLength(1);
    await sup.stop();
    expect(pids.filter(isAlive)).toEqual([]);
    expect((await sup.runtime.events()).map((e) => e.reason)).toContain('Stopped');
  });
});
