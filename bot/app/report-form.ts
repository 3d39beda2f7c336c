import type { types } from '@slack/bolt';
import { reportSchema, type IncidentReport } from '../desk/tools/report.js';

export const REPORT_CALLBACK = 'drill_report';

export type ReportField = { block: string; label: string; hint: string; multiline?: boolean; optional?: boolean };

/** The form's fields, in order: what only the investigator knows; the builder adds the rest. */
export const REPORT_FIELDS: readonly ReportField[] = [
  { block: 'summary', label: 'Summary', hint: 'What happened, for whom, and how it ended.', multiline: true },
  { block: 'component', label: 'Root cause: component', hint: 'Where the cause lives: service, config or code.' },
  { block: 'change', label: 'Root cause: change', hint: 'The change that caused it (commit, deploy, flag), with its ticket if known.' },
  { block: 'mechanism', label: 'Root cause: mechanism', hint: 'How that change led to the symptoms, step by step.', multiline: true },
  { block: 'cause_text', label: 'Root cause in your words', hint: 'Anything the three fields above do not carry.', multiline: true, optional: true },
  { block: 'resolution', label: 'Resolution', hint: 'What you did to restore service, and whether it worked.', multiline: true },
  { block: 'prevention', label: 'Prevention', hint: 'One follow-up per line: action — owner.', multiline: true, optional: true },
  { block: 'failed_sessions', label: 'Impact: failed shopper sessions', hint: 'A whole number, if you could estimate it.', optional: true },
  { block: 'lost_revenue', label: 'Impact: lost revenue (USD)', hint: 'e.g. 1250.50', optional: true },
  { block: 'duplicates', label: 'Impact: duplicate shipments', hint: 'A whole number.', optional: true },
  { block: 'impact_notes', label: 'Impact: how you estimated it', hint: 'Inputs and formula.', multiline: true, optional: true },
];

/** The `/drill report` modal; `channel` comes back in private_metadata so the answer lands where it was asked. */
export function reportModal(channel: string): types.ModalView {
  return {
    type: 'modal', callback_id: REPORT_CALLBACK, private_metadata: channel,
    title: { type: 'plain_text', text: 'Incident report' },
    submit: { type: 'plain_text', text: 'Submit' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: REPORT_FIELDS.map((f) => ({
      type: 'input', block_id: f.block, optional: f.optional === true,
      label: { type: 'plain_text', text: f.label },
      hint: { type: 'plain_text', text: f.hint },
      element: { type: 'plain_text_input', action_id: 'value', multiline: f.multiline === true },
    })),
  };
}

export type ReportValues = Record<string, Record<string, { value?: string | null } | undefined> | undefined>;

/**
 * The submitted form as incident_submit_report's arguments, or the fields to fix, each
 * named on its own block (Slack shows the message under the field).
 */
export function readReportForm(values: ReportValues): { ok: true; report: IncidentReport } | { ok: false; errors: Record<string, string> } {
  const v = (block: string) => values[block]?.value?.value?.trim() ?? '';
  const errors: Record<string, string> = {};
  const count = (block: string): number | undefined => {
    const raw = v(block).replace(/[,_\s]/g, '');
    if (raw === '') return undefined;
    if (!/^\d+$/.test(raw)) {
      errors[block] = 'a whole number, e.g. 120';
      return undefined;
    }
    return Number(raw);
  };
  const revenue = (() => {
    const raw = v('lost_revenue').replace(/[$,\s]/g, '');
    if (raw === '') return undefined;
    if (!/^\d+(\.\d{1,2})?$/.test(raw)) {
      errors.lost_revenue = 'an amount in dollars, e.g. 1250.50';
      return undefined;
    }
    return Math.round(Number(raw) * 100);
  })();
  const prevention = v('prevention').split('\n').map((l) => l.trim()).filter(Boolean).map((line) => {
    const [action = '', owner] = line.split(/\s+[—–-]\s+/);
    return { action: action.trim(), ...(owner?.trim() ? { owner: owner.trim() } : {}) };
  });
  const failedSessions = count('failed_sessions');
  const duplicates = count('duplicates');
  const impact = {
    ...(failedSessions === undefined ? {} : { failedSessions }),
    ...(revenue === undefined ? {} : { lostRevenueCents: revenue }),
    ...(duplicates === undefined ? {} : { duplicateShipments: duplicates }),
    ...(v('impact_notes') ? { notes: v('impact_notes') } : {}),
  };
  const candidate = {
    summary: v('summary'),
    rootCause: { component: v('component'), change: v('change'), mechanism: v('mechanism') },
    ...(v('cause_text') ? { rootCauseText: v('cause_text') } : {}),
    resolution: v('resolution'),
    prevention,
    ...(Object.keys(impact).length > 0 ? { impactEstimate: impact } : {}),
  };
  const parsed = reportSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const leaf = String(issue.path.at(-1) ?? 'summary');
      const block = leaf === 'rootCauseText' ? 'cause_text' : leaf === 'action' || leaf === 'owner' ? 'prevention' : leaf;
      errors[REPORT_FIELDS.some((f) => f.block === block) ? block : 'summary'] ??= issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, report: parsed.data };
}
