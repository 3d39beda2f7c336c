import { z } from 'zod';
import { createRunStore, type DeployRun } from '../../../lab/shop-repo/runs.js';
import { defineTool, type Tool } from '../registry/tool.js';
import type { DeskSources } from '../sources.js';
import { serviceArg, shopService, unknownName } from './shop.js';

const LOG_CAP = 500;

/** Newest first by start time; runs that started together keep the store's order, latest written first. */
function newestFirst(runs: readonly DeployRun[]): DeployRun[] {
  return runs.map((run, i) => ({ run, i }))
    .sort((a, b) => Date.parse(b.run.startedAt) - Date.parse(a.run.startedAt) || b.i - a.i)
    .map((x) => x.run);
}

function summary(run: DeployRun) {
  return {
    id: run.id, pipeline: run.pipeline, service: run.service, status: run.status, commit: run.commitShort, author: run.author, subject: run.subject,
    triggeredBy: run.triggeredBy, startedAt: run.startedAt, finishedAt: run.finishedAt, version: run.version, ...(run.pod ? { pod: run.pod } : {}),
  };
}

/** `12` and `run-12` mean run-0012, as the ids are written. */
const normalizeRunId = (id: string) => {
  const n = /^(?:run-)?(\d+)$/i.exec(id.trim())?.[1];
  return n === undefined ? id.trim() : `run-${n.padStart(4, '0')}`;
};

/** ci_*: the shop's deploy pipeline runs — what was shipped, by whom, and whether it went out. */
export function createCiTools(sources: DeskSources): Tool[] {
  const runs = () => newestFirst(createRunStore(sources.stateDir).list());
  return [
    defineTool({
      name: 'ci_list_runs', family: 'ci', kind: 'read',
      args: z.object({
        service: serviceArg.optional().describe('Only runs deploying this shop service (storefront, orders, fulfillment, partners, seating).'),
        status: z.enum(['succeeded', 'failed', 'rejected']).optional().describe('Only runs that ended so: succeeded, failed (the rollout broke) or rejected (config failed its schema).'),
        limit: z.number().int().min(1).max(100).default(20).describe('How many runs, newest first (1-100, default 20).'),
      }).strict(),
      description: 'Deploy pipeline runs, newest first: service, status, commit and its author, who triggered it, when, and the version it shipped; use ci_get_run_logs for one run\'s log.',
      run: async (args) => {
        const service = args.service === undefined ? undefined : shopService(args.service);
        const matching = runs().filter((r) => (service === undefined || r.service === service) && (args.status === undefined || r.status === args.status));
        return { runs: matching.slice(0, args.limit).map(summary), total: matching.length };
      },
    }),
    defineTool({
      name: 'ci_get_run_logs', family: 'ci', kind: 'read',
      args: z.object({ runId: z.string().min(1).describe('A run id from ci_list_runs, e.g. run-0012.') }).strict(),
      description: `One deploy run in full with its log lines (the last ${LOG_CAP}): schema check, rollout, the pod that came up or why it failed.`,
      run: async (args) => {
        const all = runs();
        const id = normalizeRunId(args.runId);
        const run = all.find((r) => r.id === id);
        if (!run) throw unknownName('runId', 'run', args.runId, all.slice(0, 20).map((r) => r.id));
        return { ...summary(run), sha: run.commit, logLines: run.logs.length, logs: run.logs.slice(-LOG_CAP) };
      },
    }),
  ];
}
