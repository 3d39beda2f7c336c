import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { V1ConfigMap } from '@kubernetes/client-node';
import { RuntimeError } from '../runtime.js';
import type { LabApi } from './api.js';
import { COMPONENT_LABEL, NAME_LABEL, PART_OF, PART_OF_LABEL } from './labels.js';

/**
 * The ConfigMap a deploy config lives in, named by its content (`orders-config-3f9a0c12d4`):
 * immutable, so a pod always reads the config its template names, and a rollback that restores
 * an older template restores the older config with it.
 */
export function configMapFor(deployable: string, key: string, content: string): V1ConfigMap {
  const hash = createHash('sha256').update(key).update('\0').update(content).digest('hex').slice(0, 10);
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${deployable}-config-${hash}`, labels: { [PART_OF_LABEL]: PART_OF, [NAME_LABEL]: deployable, [COMPONENT_LABEL]: 'config' } },
    immutable: true,
    data: { [key]: content },
  };
}

/**
 * The file name the container reads its config under. It must not move between deploys, so
 * the current ConfigMap's single key wins over the name the deploy was given.
 */
export async function configKey(api: LabApi, currentName: string | undefined, file: string): Promise<string> {
  const current = currentName ? await api.readConfigMap(currentName) : undefined;
  const keys = Object.keys(current?.data ?? {});
  return keys.length === 1 && keys[0] ? keys[0] : posix.basename(file);
}

/** Creates the ConfigMap once; an existing one of the same name must hold the same data, or the name lies. */
export async function ensureConfigMap(api: LabApi, cm: V1ConfigMap): Promise<void> {
  if ((await api.createConfigMap(cm)) === 'created') return;
  const name = cm.metadata?.name ?? '';
  const existing = await api.readConfigMap(name);
  if (JSON.stringify(existing?.data ?? {}) !== JSON.stringify(cm.data)) {
    throw new RuntimeError('conflict', `configmap "${name}" in namespace "${api.namespace}" exists with other content; delete it (it is not the lab's) and deploy again`);
  }
}
