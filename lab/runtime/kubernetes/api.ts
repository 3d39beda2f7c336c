import {
  AppsV1Api, CoreV1Api, Observable, PatchStrategy, setHeaderOptions,
  type CoreV1Event, type KubeConfig, type ObservableMiddleware, type RequestContext, type ResponseContext,
  type V1ConfigMap, type V1Deployment, type V1Pod, type V1ReplicaSet,
} from '@kubernetes/client-node';
import { httpStatus, apiStatus, toRuntimeError, type CallContext } from './errors.js';
import { labSelector } from './labels.js';

export type PatchType = typeof PatchStrategy.StrategicMergePatch | typeof PatchStrategy.MergePatch | typeof PatchStrategy.JsonPatch;

/** One RFC 6902 operation; rollbacks use them, as kubectl's does. */
export interface JsonPatchOp {
  op: 'replace' | 'remove' | 'add';
  path: string;
  value?: unknown;
}

/**
 * The few API calls the runtime makes, each scoped to the lab's namespace and selected by
 * the lab's labels, with failures mapped to RuntimeErrors. Nothing here lists across
 * namespaces: the lab's Role (KUBERNETES_RUNTIME_CALLS) grants no more.
 */
export function createLabApi(kubeConfig: KubeConfig, namespace: string) {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const call = async <T>(ctx: Omit<CallContext, 'namespace'>, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw toRuntimeError(err, { ...ctx, namespace });
    }
  };
  const getOrUndefined = async <T>(ctx: Omit<CallContext, 'namespace'>, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (err) {
      if (httpStatus(err) === 404) return undefined;
      throw toRuntimeError(err, { ...ctx, namespace });
    }
  };
  return {
    namespace,
    listPods: (deployable?: string): Promise<V1Pod[]> =>
      call({ verb: 'list', resource: 'pods' }, async () => (await core.listNamespacedPod({ namespace, labelSelector: labSelector(deployable) })).items),
    readPod: (name: string): Promise<V1Pod | undefined> =>
      getOrUndefined({ verb: 'get', resource: 'pods', name }, () => core.readNamespacedPod({ name, namespace })),
    podLog: (name: string, container: string | undefined, query: { tailLines?: number; sinceTime?: string }): Promise<string> =>
      call({ verb: 'get', resource: 'pods/log', name }, () => core.readNamespacedPodLog(
        { name, namespace, ...(container ? { container } : {}), ...(query.tailLines !== undefined ? { tailLines: query.tailLines } : {}) },
        // The generated client has no sinceTime parameter though the API takes it (kubectl logs --since-time).
        query.sinceTime ? { middleware: [queryParam('sinceTime', query.sinceTime)], middlewareMergeStrategy: 'append' } : undefined,
      )),
    listEvents: (): Promise<CoreV1Event[]> =>
      call({ verb: 'list', resource: 'events' }, async () => (await core.listNamespacedEvent({ namespace })).items),
    listDeployments: (): Promise<V1Deployment[]> =>
      call({ verb: 'list', resource: 'deployments' }, async () => (await apps.listNamespacedDeployment({ namespace, labelSelector: labSelector() })).items),
    readDeployment: (name: string): Promise<V1Deployment> =>
      call({ verb: 'get', resource: 'deployments', name }, () => apps.readNamespacedDeployment({ name, namespace })),
    patchDeployment: (name: string, body: object | JsonPatchOp[], type: PatchType): Promise<V1Deployment> =>
      call({ verb: 'patch', resource: 'deployments', name }, () => apps.patchNamespacedDeployment({ name, namespace, body }, setHeaderOptions('Content-Type', type))),
    listReplicaSets: (deployable: string): Promise<V1ReplicaSet[]> =>
      call({ verb: 'list', resource: 'replicasets' }, async () => (await apps.listNamespacedReplicaSet({ namespace, labelSelector: labSelector(deployable) })).items),
    readConfigMap: (name: string): Promise<V1ConfigMap | undefined> =>
      getOrUndefined({ verb: 'get', resource: 'configmaps', name }, () => core.readNamespacedConfigMap({ name, namespace })),
    /** Creates the ConfigMap, or reports that one of that name exists (a content-named ConfigMap is created once). */
    createConfigMap: async (body: V1ConfigMap): Promise<'created' | 'exists'> => {
      const name = body.metadata?.name ?? '';
      try {
        await core.createNamespacedConfigMap({ namespace, body });
        return 'created';
      } catch (err) {
        if (httpStatus(err) === 409 && apiStatus(err).reason === 'AlreadyExists') return 'exists';
        throw toRuntimeError(err, { verb: 'create', resource: 'configmaps', name, namespace });
      }
    },
  };
}

export type LabApi = ReturnType<typeof createLabApi>;

function queryParam(name: string, value: string): ObservableMiddleware {
  return {
    pre: (ctx: RequestContext) => {
      ctx.setQueryParam(name, value);
      return new Observable(Promise.resolve(ctx));
    },
    post: (res: ResponseContext) => new Observable(Promise.resolve(res)),
  };
}
