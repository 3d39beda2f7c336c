import type { z } from 'zod';
import { createTrafficApp, type TrafficApp } from '../../lab/traffic/app.js';
import { trafficDeploySchema, type TrafficTargets } from '../../lab/traffic/config.js';
import { listen, testBase, type Started } from './apps.js';
import { startService, type ServiceProcess } from './processes.js';

/** The traffic driver through createTrafficApp, on port 0, its loops running until stop(). */
export async function startTraffic(targets: TrafficTargets, deploy: z.input<typeof trafficDeploySchema> = {}): Promise<Started<TrafficApp>> {
  const { base, logs } = testBase('traffic');
  const app = createTrafficApp({ base, config: { targets, deploy: trafficDeploySchema.parse(deploy) }, drainMs: 2000 });
  const server = await listen(app.express, base);
  return {
    app, base, server, url: server.url, logs,
    stop: async () => {
      await app.close();
      await server.close();
    },
  };
}

/** `node dist/lab/traffic/main.js` (its documented command), once it logs 'listening'. */
/** `node dist/lab/traffic/main.js`, the documented command, waiting for its 'listening' line. */
export function startTrafficProcess(env: Record<string, string>): Promise<ServiceProcess> {
  return startService('traffic', env);
}
