import { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { createKubernetesRuntime, type KubernetesRuntime } from '../kubernetes-runtime.js';
import { startStandInApiServer, type StandInApiServer } from './stand-in-api-server.js';
import { NS, ORDERS_POD_LOGS, labObjects } from './stand-in-fixtures.js';

const TOKEN = 'lab-desk-token';

/** A kubeconfig as `kind` writes one, pointing at the stand-in; http needs skipTLSVerify in client-node. */
export function labKubeConfig(server: string, context = 'kind-firedrill', namespace = NS): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'kind-firedrill', server, skipTLSVerify: true }],
    users: [{ name: 'kind-firedrill', token: TOKEN }],
    contexts: [{ name: context, cluster: 'kind-firedrill', user: 'kind-firedrill', namespace }],
    currentContext: context,
  });
  return kc;
}

export interface StandInLab {
  server: StandInApiServer;
  runtime: KubernetesRuntime;
}

/** The fixture lab behind a stand-in API server that grants only the lab's namespace, and a runtime on it. */
export async function startStandInLab(namespace = NS): Promise<StandInLab> {
  const server = await startStandInApiServer({ token: TOKEN, grantedNamespaces: [NS], objects: labObjects(), logs: ORDERS_POD_LOGS });
  const runtime = createKubernetesRuntime({ kubeConfig: labKubeConfig(server.url, 'kind-firedrill', namespace), namespace, log: pino({ level: 'silent' }) });
  return { server, runtime };
}
