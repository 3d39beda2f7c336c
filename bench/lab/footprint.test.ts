import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { descendants, footprint } from './footprint.js';

describe('footprint', () => {
  it('sums the memory of a process and its children, grandchildren included', async () => {
    // A shell that starts a sleeping grandchild through a subshell: three levels.
    const child = spawn('sh', ['-c', '(sleep 30 & wait) & wait'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const pids = descendants(child.pid!);
      expect(pids[0]).toBe(child.pid);
      expect(pids.length).toBeGreaterThanOrEqual(3);
      const f = footprint(child.pid!, new Map([[child.pid!, 'ignored: the root is the supervisor']]));
      expect(f.processes.map((p) => p.pid).sort()).toEqual([...pids].sort());
      expect(f.processes[0]?.name).toBe('lab supervisor');
      expect(f.rssBytes).toBe(f.processes.reduce((s, p) => s + p.rssBytes, 0));
      expect(f.processes.every((p) => p.rssBytes > 0)).toBe(true);
      expect(f.pssBytes).toBeLessThanOrEqual(f.rssBytes);
    } finally {
      for (const pid of descendants(child.pid!).reverse()) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // ended meanwhile
        }
      }
      if (child.exitCode === null) await once(child, 'exit');
    }
  });

  it('is empty of memory for a process that does not exist', () => {
    expect(footprint(2 ** 22 + 7).processes).toEqual([]);
  });
});
