import { join } from 'node:path';
import type { ProbeEnv } from '../../chaos/runner/probes.js';
import { alive, readState } from '../cli/lab.js';
import type { LabPorts } from '../runtime/local/plan.js';
import { GameError } from './errors.js';

/** Where a game reaches the running lab: its state dir and the URLs of what it talks to. */
export interface LabAccess {
  stateDir: string;
  ports: LabPorts;
  /** The supervisor's control socket (deploys and restarts for a chaos reset). */
  socket: string;
  deskUrl: string;
  pagerUrl: string;
  prometheusUrl: string;
  /** The local workspace's credentials (bot token, API URL). */
  workspaceCredentialsFile: string;
  deskJournalFile: string;
  reportsDir: string;
  probeEnv: ProbeEnv;
}

/** The running lab of `stateDir`, from the state file `firedrill lab` writes; a game needs one. */
export function labAccess(stateDir: string): LabAccess {
  const state = readState(stateDir);
  if (!state || !alive(state.pid)) throw new GameError('no_lab', `no lab is running in ${stateDir}; start it with \`make lab\` (or \`npx firedrill lab --state-dir ${stateDir}\`) first`);
  const url = (port: number) => `http://127.0.0.1:${port}`;
  const ports = state.ports;
  const byName = ports as unknown as Record<string, number | undefined>;
  return {
    stateDir, ports, socket: state.socket,
    deskUrl: url(ports.desk), pagerUrl: url(ports.pager), prometheusUrl: url(ports.prometheus),
    workspaceCredentialsFile: join(stateDir, 'workspace', 'credentials.json'),
    deskJournalFile: join(stateDir, 'desk', 'journal.jsonl'),
    reportsDir: join(stateDir, 'reports'),
    probeEnv: {
      prometheusUrl: url(ports.prometheus),
      serviceUrl: (name) => {
        const port = byName[name];
        if (port === undefined) throw new GameError('no_service', `the lab has no ${name}`);
        return url(port);
      },
    },
  };
}
