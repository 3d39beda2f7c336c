import type { ChangeTarget, JournalRecord } from './journal.js';

function changed(target: ChangeTarget): string {
  switch (target.kind) {
    case 'config':
      return `${target.path} (commit ${target.commit.slice(0, 7) || 'not made'})`;
    case 'flag':
      return `flag ${target.flag} ${target.prior} -> ${target.applied} (commit ${target.commit.slice(0, 7) || 'not made'})`;
    case 'load':
      return 'the traffic driver\'s load';
    case 'alert':
      return `alert ${target.labels.alertname ?? ''} until ${target.endsAt}`;
  }
}

/**
 * The facilitator's record of one run, from the journal: each change with the step kind
 * that made it, when (offset from the start), what it touched, why, and whether it is still
 * in place. The investigator never sees this; they see only the commits, deploys and alerts.
 */
export function runRecord(records: readonly JournalRecord[], run: string): string[] {
  const start = records.find((r) => r.type === 'run' && r.run === run);
  const t0 = start ? Date.parse(start.at) : 0;
  const undone = new Map(records.flatMap((r) => (r.type === 'reverted' && r.run === run ? [[r.id, r] as const] : [])));
  return records.flatMap((r) => {
    if (r.type !== 'change' || r.run !== run) return [];
    const offset = Math.max(0, Math.round((Date.parse(r.at) - t0) / 1000));
    const revert = undone.get(r.id);
    const state = revert ? `undone by ${revert.by} at ${revert.at}` : 'in place';
    return [`  +${offset}s  ${r.stepKind}  ${changed(r.target)}${r.why ? ` — ${r.why}` : ''}; ${state}`];
  });
}
