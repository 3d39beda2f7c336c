export interface WorkerStats {
  workers: number;
  busy: number;
  queued: number;
}

export interface WorkerJob<T> {
  /** Asked when a worker takes the job: a caller that went away while it queued is not served. */
  isGone(): boolean;
  /** The work, holding a worker until it settles. */
  work(): Promise<T>;
}

export type WorkerOutcome<T> = { ran: true; value: T } | { ran: false };

export interface WorkerQueue {
  /** Queues the job first in, first out; resolves when it ran or was dropped. */
  run<T>(job: WorkerJob<T>): Promise<WorkerOutcome<T>>;
  stats(): WorkerStats;
  /** Resolves once no job runs or waits. */
  idle(): Promise<void>;
}

/**
 * A partner's bounded pool of workers. A caller that gives up does not leave the queue:
 * the partner cannot know until a worker picks the request up and finds nobody there,
 * which is how a queue of abandoned webhooks still delays the live ones behind it.
 */
export function createWorkerQueue(opts: { workers: number }): WorkerQueue {
  let busy = 0;
  const queue: Array<() => void> = [];
  let idleWaiters: Array<() => void> = [];

  const pump = () => {
    while (busy < opts.workers && queue.length > 0) queue.shift()?.();
    if (busy === 0 && queue.length === 0) {
      for (const resolve of idleWaiters) resolve();
      idleWaiters = [];
    }
  };

  return {
    run<T>(job: WorkerJob<T>): Promise<WorkerOutcome<T>> {
      return new Promise<WorkerOutcome<T>>((resolve, reject) => {
        queue.push(() => {
          if (job.isGone()) {
            resolve({ ran: false });
            return;
          }
          busy += 1;
          let work: Promise<T>;
          try {
            work = job.work();
          } catch (err) {
            work = Promise.reject(err);
          }
          work.then((value) => resolve({ ran: true, value }), reject).finally(() => {
            busy -= 1;
            pump();
          });
        });
        pump();
      });
    },
    stats: () => ({ workers: opts.workers, busy, queued: queue.length }),
    idle: () => {
      if (busy === 0 && queue.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}
