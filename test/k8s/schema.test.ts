import { describe, expect, it } from 'vitest';
import { overlayNames, renderKustomization, renderTeams, validateObject, type K8sObject } from './render.js';

/** Kinds that live outside a namespace; anything else must carry the overlay's. */
const clusterScoped = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass', 'CustomResourceDefinition']);

const renders: { name: string; objects: K8sObject[] }[] = [
  ...overlayNames().map((o) => ({ name: `overlay ${o}`, objects: renderKustomization(`k8s/overlays/${o}`) })),
  { name: 'TEAMS=3', objects: renderTeams(3) },
];

describe('the rendered manifests', () => {
  it('has an overlay for kind and one for any cluster', () => {
    expect(overlayNames()).toEqual(expect.arrayContaining(['kind', 'generic']));
  });

  describe.each(renders)('$name', ({ objects }) => {
    it('validates every object against its Kubernetes OpenAPI schema', async () => {
      expect(objects.length).toBeGreaterThan(0);
      const failures: string[] = [];
      for (const obj of objects) {
        try {
          await validateObject(obj);
        } catch (err) {
          failures.push(`${obj.kind}/${obj.metadata.name}: ${(err as Error).message}`);
        }
      }
      expect(failures).toEqual([]);
    });

    it('names every object once per namespace and kind', () => {
      const keys = objects.map((o) => `${o.metadata.namespace ?? ''}/${o.kind}/${o.metadata.name}`);
      expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    });

    it('puts every namespaced object in a namespace the render creates', () => {
      const namespaces = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
      expect(namespaces.size).toBeGreaterThan(0);
      const stray = objects.filter((o) => !clusterScoped.has(o.kind) && !namespaces.has(o.metadata.namespace ?? ''));
      expect(stray.map((o) => `${o.kind}/${o.metadata.name} in ${o.metadata.namespace ?? '(none)'}`)).toEqual([]);
    });

    it('labels every object as part of firedrill', () => {
      const unlabelled = objects.filter((o) => o.metadata.labels?.['app.kubernetes.io/part-of'] !== 'firedrill');
      expect(unlabelled.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
    });
  });
});
