import { z } from 'zod';
import { podAge } from '../../../lab/runtime/age.js';
import type { PodSummary } from '../../../lab/runtime/runtime.js';
import { ToolError } from '../registry/errors.js';
import { defineTool, type Tool } from '../registry/tool.js';
import type { DeskSources } from '../sources.js';
import { newestLines } from './line-budget.js';
import { onRuntime } from './runtime-errors.js';
import { resolveWhen, when } from './when.js';

/** The lab's namespace, as in the Kubernetes lab; the local lab has only this one. */
export const LAB_NAMESPACE = 'firedrill';
const namespace = z.literal(LAB_NAMESPACE, { error: `expected the lab's namespace "${LAB_NAMESPACE}"` }).optional()
  .describe(`Kubernetes namespace; the lab runs in "${LAB_NAMESPACE}"`);
const pod = z.string().trim().min(1).describe('Pod name (kubectl_get_pods lists them) or its deployment, e.g. orders');

const row = (p: PodSummary, now: Date) => ({
  name: p.name, deployment: p.deployable, ready: `${p.ready ? 1 : 0}/${p.replicas}`, status: p.status, restarts: p.restarts,
  age: podAge(p.startedAt, now), startedAt: p.startedAt, pid: p.pid, port: p.port,
});

export function createKubectlTools(sources: Pick<DeskSources, 'runtime'>): Tool[] {
  const { runtime } = sources;
  return [
    defineTool({
      name: 'kubectl_get_pods',
      family: 'kubectl',
      kind: 'read',
      description: 'List the lab\'s pods like `kubectl get pods`: ready, status, restarts, age, optionally for one deployment.',
      args: z.object({ namespace, deployment: z.string().trim().min(1).optional().describe('Only this deployment\'s pods, e.g. orders') }).strict(),
      async run(args, ctx) {
        const pods = await onRuntime(runtime, 'deployment', args.deployment ?? '', () => runtime.listPods());
        const shown = pods.filter((p) => !args.deployment || p.deployable === args.deployment);
        if (args.deployment && shown.length === 0) {
          throw new ToolError('unknown_deployment', 404, `deployment: no deployment "${args.deployment}"; valid: ${pods.map((p) => p.deployable).join(', ')}`, { field: 'deployment', valid: pods.map((p) => p.deployable) });
        }
        return { namespace: LAB_NAMESPACE, pods: shown.map((p) => row(p, ctx.now())) };
      },
    }),
    defineTool({
      name: 'kubectl_describe_pod',
      family: 'kubectl',
      kind: 'read',
      description: 'Describe one pod like `kubectl describe pod`: command, env (secrets redacted), config file, last exit, memory, recent events.',
      args: z.object({ namespace, pod }).strict(),
      async run(args, ctx) {
        const d = await onRuntime(runtime, 'pod', args.pod, () => runtime.describePod(args.pod));
        return { ...row(d, ctx.now()), command: d.command, env: d.env, configFile: d.configFile, lastExit: d.lastExit, rssBytes: d.rssBytes, events: d.events.slice(-20) };
      },
    }),
    defineTool({
      name: 'kubectl_get_events',
      family: 'kubectl',
      kind: 'read',
      description: 'List cluster events like `kubectl get events`: starts, exits, restarts, deploys, back-offs, newest last.',
      args: z.object({
        namespace,
        deployment: z.string().trim().min(1).optional().describe('Only this deployment\'s events'),
        since: when.optional().describe('Only events at or after this: ISO time or a duration ago such as 30m'),
        type: z.enum(['Normal', 'Warning']).optional().describe('Only Normal or only Warning events'),
        limit: z.number().int().min(1).max(500).default(100).describe('At most this many, the newest (default 100)'),
      }).strict(),
      async run(args, ctx) {
        const since = args.since ? new Date(resolveWhen(args.since, ctx.now())).toISOString() : undefined;
        if (args.deployment) await onRuntime(runtime, 'deployment', args.deployment, () => runtime.describePod(args.deployment ?? ''));
        const events = await onRuntime(runtime, 'deployment', args.deployment ?? '', () => runtime.events({ ...(args.deployment ? { deployable: args.deployment } : {}), ...(since ? { since } : {}) }));
        const kept = events.filter((e) => !args.type || e.type === args.type);
        return { total: kept.length, events: kept.slice(-args.limit) };
      },
    }),
    defineTool({
      name: 'kubectl_logs',
      family: 'kubectl',
      kind: 'read',
      description: 'A pod\'s log lines like `kubectl logs --tail`, newest last.',
      args: z.object({
        namespace,
        pod,
        tail: z.number().int().min(1).max(2000).default(100).describe('How many of the newest lines (default 100)'),
        since: when.optional().describe('Only lines at or after this: ISO time or a duration ago such as 10m'),
      }).strict(),
      async run(args, ctx) {
        const since = args.since ? resolveWhen(args.since, ctx.now()) : undefined;
        const lines = await onRuntime(runtime, 'pod', args.pod, () => runtime.logs(args.pod, { tail: args.tail, ...(since === undefined ? {} : { since }) }));
        return { pod: args.pod, ...newestLines(lines) };
      },
    }),
    defineTool({
      name: 'kubectl_rollout_restart',
      family: 'kubectl',
      kind: 'remediation',
      description: 'Restart a deployment\'s pod like `kubectl rollout restart`: same config, new process (in-memory state is lost).',
      args: z.object({ namespace, deployment: z.string().trim().min(1).describe('Deployment to restart, e.g. orders') }).strict(),
      async run(args) {
        // The desk answering its own restart would be killed mid-answer, losing the call it is journaling.
        if (args.deployment === 'desk') throw new ToolError('not_restartable', 409, 'deployment: the desk cannot restart itself; use `make lab` to restart the lab', { field: 'deployment' });
        const before = await onRuntime(runtime, 'deployment', args.deployment, () => runtime.describePod(args.deployment));
        const after = await onRuntime(runtime, 'deployment', args.deployment, () => runtime.restart(args.deployment));
        return { deployment: after.deployable, previousPod: before.name, pod: after.name, status: after.status, ready: after.ready, pid: after.pid, restarts: after.restarts };
      },
    }),
  ];
}
