/** One process the local lab runs: how to start it, what it needs first, how to tell it is healthy. */
export interface ProcessSpec {
  /** The deployable's name (or `redis`, `prometheus`): the pod name prefix and log file name. */
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  port: number;
  dependsOn: string[];
  health: { kind: 'http'; path: string } | { kind: 'redis' };
  /** The deploy config file `deploy` rewrites, when the deployable has one. */
  configFile?: string;
  /** The env var carrying the version tag the process runs (`<SERVICE>_RELEASE`); a deploy sets it. */
  releaseEnv?: string;
}

/** Orders specs so every process comes after what it depends on; throws on a cycle or unknown dependency. */
export function startOrder(specs: readonly ProcessSpec[]): ProcessSpec[] {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: ProcessSpec[] = [];
  const visit = (spec: ProcessSpec) => {
    if (done.has(spec.name)) return;
    if (visiting.has(spec.name)) throw new Error(`dependency cycle through ${spec.name}`);
    visiting.add(spec.name);
    for (const dep of spec.dependsOn) {
      const d = byName.get(dep);
      if (!d) throw new Error(`${spec.name} depends on unknown process ${dep}`);
      visit(d);
    }
    visiting.delete(spec.name);
    done.add(spec.name);
    out.push(spec);
  };
  for (const s of specs) visit(s);
  return out;
}
