import { join } from 'node:path';
import type { ChaosDeps } from '../../chaos/runner/changes.js';
import type { LabPorts } from '../runtime/local/plan.js';
import type { Runtime } from '../runtime/runtime.js';
import { deployedDir } from '../shop-repo/deployed.js';
import { openShopRepo } from '../shop-repo/repo.js';
import { createRunStore } from '../shop-repo/runs.js';

/**
 * What the chaos runner changes in a local lab: its shop repository, deploys through the
 * runtime, Alertmanager for noise and the traffic driver's config. The lab's own sweep
 * passes its supervisor; the CLI passes a client of the lab's control socket.
 */
export function chaosDeps(stateDir: string, ports: LabPorts, runtime: Runtime): ChaosDeps {
  return {
    repo: () => openShopRepo(stateDir),
    runtime,
    runs: createRunStore(stateDir),
    deployed: deployedDir(stateDir),
    alertmanagerUrl: `http://127.0.0.1:${ports.alertmanager}`,
    trafficConfigFile: join(stateDir, 'lab', 'config', 'traffic.yaml'),
    now: () => new Date(),
  };
}
