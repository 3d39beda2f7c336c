import { describe, expect, it } from 'vitest';
import { createWorkerQueue, type WorkerOutcome } from './workers.js';

interface Gate {
  promise: Promise<void>;
  open(): void;
}

/** Work the test finishes by hand, so no test depends on how long anything takes. */
function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Lets queued promise continuations run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('createWorkerQueue', () => {
  it('runs at most `workers` jobs at once and queues the rest', async () => {
    const queue = createWorkerQueue({ workers: 2 });
    const gates = [gate(), gate(), gate(), gate()];
    const runs = gates.map((g, i) => queue.run({ isGone: () => false, work: async () => {
      await g.promise;
      return i;
    } }));
    await settle();
    expect(queue.stats()).toEqual({ workers: 2, busy: 2, queued: 2 });

    gates[0]?.open();
    await runs[0];
    await settle();
    expect(queue.stats()).toEqual({ workers: 2, busy: 2, queued: 1 });

    for (const g of gates) g.open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3].map((value) => ({ ran: true, value })));
    expect(queue.stats()).toEqual({ workers: 2, busy: 0, queued: 0 });
  });

  it('starts queued jobs first in, first out', async () => {
    const queue = createWorkerQueue({ workers: 1 });
    const started: string[] = [];
    const gates = new Map<string, Gate>();
    const run = (name: string) => {
      const g = gate();
      gates.set(name, g);
      return queue.run({ isGone: () => false, work: async () => {
        started.push(name);
        await g.promise;
      } });
    };
    const runs = ['a', 'b', 'c', 'd'].map(run);
    await settle();
    expect(started).toEqual(['a']);
    for (const name of ['a', 'b', 'c']) {
      gates.get(name)?.open();
      await settle();
    }
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    gates.get('d')?.open();
    await Promise.all(runs);
  });

  it('drops a job whose caller went away while it queued, without taking a worker', async () => {
    const queue = createWorkerQueue({ workers: 1 });
    const holder = gate();
    const held = queue.run({ isGone: () => false, work: () => holder.promise });
    let gone = false;
    let ran = false;
    const abandoned = queue.run({ isGone: () => gone, work: async () => {
      ran = true;
    } });
    const after = gate();
    const next = queue.run({ isGone: () => false, work: async () => {
      await after.promise;
      return 'served';
    } });
    await settle();
    expect(queue.stats()).toEqual({ workers: 1, busy: 1, queued: 2 });

    gone = true;
    // Still queued: the partner only notices when a worker picks it up.
    expect(queue.stats().queued).toBe(2);
    holder.open();
    await held;
    const dropped: WorkerOutcome<void> = await abandoned;
    expect(dropped).toEqual({ ran: false });
    expect(ran).toBe(false);
    await settle();
    expect(queue.stats()).toEqual({ workers: 1, busy: 1, queued: 0 });
    after.open();
    expect(await next).toEqual({ ran: true, value: 'served' });
  });

  it('serves a job whose caller leaves only after a worker took it', async () => {
    const queue = createWorkerQueue({ workers: 1 });
    let gone = false;
    const g = gate();
    const run = queue.run({ isGone: () => gone, work: async () => {
      await g.promise;
      return 'shipped';
    } });
    await settle();
    gone = true;
    g.open();
    expect(await run).toEqual({ ran: true, value: 'shipped' });
  });

  it('frees the worker when a job fails and passes the error on', async () => {
    const queue = createWorkerQueue({ workers: 1 });
    await expect(queue.run({ isGone: () => false, work: () => Promise.reject(new Error('redis down')) })).rejects.toThrow('redis down');
    await expect(queue.run({ isGone: () => false, work: () => {
      throw new Error('sync');
    } })).rejects.toThrow('sync');
    expect(queue.stats()).toEqual({ workers: 1, busy: 0, queued: 0 });
    await expect(queue.run({ isGone: () => false, work: async () => 'next' })).resolves.toEqual({ ran: true, value: 'next' });
  });

  it('idle() resolves once nothing runs or waits', async () => {
    const queue = createWorkerQueue({ workers: 1 });
    await queue.idle();
    const gates = [gate(), gate()];
    const runs = gates.map((g) => queue.run({ isGone: () => false, work: () => g.promise }));
    let idle = false;
    const waiting = queue.idle().then(() => {
      idle = true;
    });
    gates[0]?.open();
    await settle();
    expect(idle).toBe(false);
    gates[1]?.open();
    await Promise.all(runs);
    await waiting;
    expect(idle).toBe(true);
  });
});
