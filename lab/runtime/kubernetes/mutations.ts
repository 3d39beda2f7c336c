import { PatchStrategy, type V1Deployment } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { envPrefix } from '../../../services/kit/config.js';
import { RuntimeError } from '../runtime.js';
import type { LabApi } from './api.js';
import { configKey, configMapFor, ensureConfigMap } from './config-map.js';
import { CONFIG_VOLUME, RELEASE, RESTARTED_AT } from './labels.js';
import { chaosAnnotations, type ChaosChange } from './chaos.js';
import { withStaleRetry } from './stale-retry.js';
import { mainContainer } from './pods.js';

/** RFC 3339 to the second, as kubectl writes restartedAt. */
function rfc3339(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `kubectl rollout restart`: a new pod-template annotation makes the controller roll every pod. */
export function restartDeployment(api: LabApi, deployable: string, now: Date): Promise<V1Deployment> {
  const patch = { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: rfc3339(now) } } } } };
  return api.patchDeployment(deployable, patch, PatchStrategy.StrategicMergePatch);
}

/**
 * A deploy: the config goes into a new content-named ConfigMap and the Deployment's `config`
 * volume is pointed at it (with the release in the env and annotations), which rolls the pods.
 * A strategic merge patch touches only the named volume and container; the resourceVersion
 * in it makes a concurrent writer's change a conflict rather than a silent overwrite.
 */
export function deployConfig(api: LabApi, log: Logger, deployable: string, config: { file: string; content: string; release?: string }, chaos?: ChaosChange): Promise<V1Deployment> {
  return withStaleRetry(log, deployable, async () => {
    const d = await api.readDeployment(deployable);
    const volume = d.spec?.template.spec?.volumes?.find((v) => v.name === CONFIG_VOLUME);
    if (!volume?.configMap) throw new RuntimeError('not_deployable', `deployment "${deployable}" has no ConfigMap volume named "${CONFIG_VOLUME}" to deploy a config into`);
    const cm = configMapFor(deployable, await configKey(api, volume.configMap.name, config.file), config.content);
    await ensureConfigMap(api, cm);
    const container = mainContainer(d.spec?.template.spec?.containers, deployable);
    const release = config.release ? { [RELEASE]: config.release } : {};
    const patch = {
      metadata: { resourceVersion: d.metadata?.resourceVersion, annotations: { ...release, ...(chaos ? chaosAnnotations(d, chaos, 'revision') : {}) } },
      spec: {
        template: {
          metadata: { annotations: release },
          spec: {
            volumes: [{ name: CONFIG_VOLUME, configMap: { name: cm.metadata?.name } }],
            ...(config.release && container ? { containers: [{ name: container.name, env: [{ name: `${envPrefix(deployable)}_RELEASE`, value: config.release }] }] } : {}),
          },
        },
      },
    };
    log.info({ deployable, configMap: cm.metadata?.name, release: config.release, chaosRun: chaos?.run }, 'deploying config');
    return api.patchDeployment(deployable, patch, PatchStrategy.StrategicMergePatch);
  });
}

/** `kubectl scale`, on the Deployment itself so a chaos change and its way back are written in one patch. */
export async function scaleDeployment(api: LabApi, log: Logger, deployable: string, replicas: number, chaos?: ChaosChange): Promise<V1Deployment> {
  if (!Number.isInteger(replicas) || replicas < 0) throw new RuntimeError('invalid_replicas', `replicas must be a whole number of 0 or more (got ${replicas})`);
  return withStaleRetry(log, deployable, async () => {
    const d = await api.readDeployment(deployable);
    const patch = {
      metadata: { resourceVersion: d.metadata?.resourceVersion, ...(chaos ? { annotations: chaosAnnotations(d, chaos, 'replicas') } : {}) },
      spec: { replicas },
    };
    log.info({ deployable, replicas, from: d.spec?.replicas, chaosRun: chaos?.run }, 'scaling');
    return api.patchDeployment(deployable, patch, PatchStrategy.StrategicMergePatch);
  });
}
