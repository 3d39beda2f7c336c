import { z } from 'zod';
import { defineTool, type Tool } from '../registry/tool.js';
import { NoGameError, type ReportWriter } from '../reports.js';
import { actorOf } from './actor.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const count = z.number().int().min(0);

export const reportSchema = z.object({
  summary: text(4000).describe('What happened, for whom, and how it ended, in a few sentences.'),
  rootCause: z.object({
    component: text(200).describe('Where the cause lives: service, file or config, e.g. orders pool config.'),
    change: text(1000).describe('The change that caused it: commit, deploy, flag or config, with its id if known.'),
    mechanism: text(4000).describe('How that change led to the symptoms, step by step.'),
  }).strict().describe('The cause, as component + change + mechanism.'),
  rootCauseText: text(8000).optional().describe('The root cause in your own words, if the three fields do not carry it all.'),
  resolution: text(4000).describe('What you did (or recommend) to restore service, and whether it worked.'),
  prevention: z.array(z.object({
    action: text(1000).describe('One follow-up that keeps this from happening again.'),
    owner: text(100).optional().describe('Who should own it (team or person).'),
  }).strict()).max(20).describe('Follow-up actions, most important first.'),
  impactEstimate: z.object({
    failedSessions: count.optional().describe('Customer sessions or checkouts that failed.'),
    lostRevenueCents: count.optional().describe('Revenue lost, in cents.'),
    duplicateShipments: count.optional().describe('Orders shipped more than once.'),
    costCents: count.optional().describe('Other cost (partner fees, refunds), in cents.'),
    notes: text(2000).optional().describe('How the numbers were estimated.'),
  }).strict().optional().describe('Impact figures you could estimate; leave out what you could not.'),
  timeline: text(8000).optional().describe('Key moments with times, free text.'),
}).strict();

export type IncidentReport = z.output<typeof reportSchema>;

/**
 * The investigator's written conclusion. It changes nothing in the lab, but it is the
 * act that ends the investigation, so it is counted with remediations. The registry
 * journals the call (so the submission is kept whatever happens next); with a report
 * writer, the graded report is built and written at once and its path and score returned.
 */
export function createReportTools(reports?: ReportWriter): Tool[] {
  return [
    defineTool({
      name: 'incident_submit_report', family: 'report', kind: 'remediation',
      description: 'Submit your incident report (summary, root cause, resolution, prevention, impact) when the investigation is done.',
      args: reportSchema,
      run: async (report, ctx) => {
        const submittedAt = ctx.now().toISOString();
        const by = actorOf(ctx.caller).handle;
        const receipt = { received: true, submittedAt, by, report };
        if (!reports) return receipt;
        try {
          const written = await reports.write({ report, by, at: submittedAt });
          const { scorecard } = written;
          return { ...receipt, reportFile: written.file, score: { total: scorecard.total, rootCauseRight: scorecard.rootCause.right, mitigated: scorecard.mitigated, items: scorecard.items } };
        } catch (err) {
          // The submission is journaled with this call either way; a report that could not be built can be rebuilt by `game end`.
          if (err instanceof NoGameError) return { ...receipt, reportFile: null, note: err.message };
          return { ...receipt, reportFile: null, note: `received, but the report could not be built now: ${(err as Error).message}` };
        }
      },
    }),
  ];
}
