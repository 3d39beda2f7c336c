import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessMemory {
  pid: number;
  /** The command's name as /proc/PID/comm gives it, and the lab's name for it when known. */
  name: string;
  rssBytes: number;
  /** Proportional set size: shared pages (node's binary, libraries) divided among the processes sharing them. */
  pssBytes: number;
}

export interface Footprint {
  rssBytes: number;
  pssBytes: number;
  processes: ProcessMemory[];
}

const kib = (text: string, field: string): number => {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return m ? Number(m[1]) * 1024 : 0;
};

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process ended between listing and reading
  }
};

/** Every process whose parent chain leads to `root`, and `root` itself (Linux /proc). */
export function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    // The command sits in parentheses and may hold spaces; the fields after its closing one are fixed.
    const after = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (after?.[1]) parent.set(Number(entry), Number(after[1]));
  }
  const out = [root];
  for (let i = 0; i < out.length; i += 1) {
    for (const [pid, ppid] of parent) if (ppid === out[i]) out.push(pid);
  }
  return out;
}

/**
 * The memory of the lab: its supervisor and every process under it (the services, Redis,
 * Prometheus, Alertmanager, pager, desk, bot, workspace, traffic driver). `names` maps pids to
 * the lab's names for the breakdown.
 */
export function footprint(supervisorPid: number, names: ReadonlyMap<number, string> = new Map()): Footprint {
  const processes = descendants(supervisorPid).flatMap((pid): ProcessMemory[] => {
    const status = read(`/proc/${pid}/status`);
    if (!status) return [];
    const rollup = read(`/proc/${pid}/smaps_rollup`) ?? '';
    const comm = (read(`/proc/${pid}/comm`) ?? '?').trim();
    const name = pid === supervisorPid ? 'lab supervisor' : (names.get(pid) ?? comm);
    return [{ pid, name, rssBytes: kib(status, 'VmRSS'), pssBytes: kib(rollup, 'Pss') }];
  });
  return {
    rssBytes: processes.reduce((s, p) => s + p.rssBytes, 0),
    pssBytes: processes.reduce((s, p) => s + p.pssBytes, 0),
    processes,
  };
}

export const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** "prometheus 210, desk 95, ..." — the largest first. */
export function breakdown(f: Footprint, top = 6): string {
  return [...f.processes].sort((a, b) => b.rssBytes - a.rssBytes).slice(0, top).map((p) => `${p.name} ${mib(p.rssBytes)}`).join(', ');
}
