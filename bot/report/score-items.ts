import type { IncidentReport, Scorecard } from './types.js';

/** Finding the cause and really fixing it weigh most; the rest is how it was done. */
export const WEIGHTS = { rootCause: 35, mitigated: 25, process: 15, completeness: 10, impactEstimate: 5, time: 5 } as const;
/** The weights add up to 95; the total scales them to 100, so a perfect game scores 100 and the weights keep their ratios. */
export const WEIGHTS_SUM = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);

/** Out of 100: the weighted items scaled from WEIGHTS_SUM, less the hints (points below zero), never under 0. */
export function totalOf(items: ReadonlyArray<{ points: number; max: number }>): number {
  const earned = items.filter((i) => i.max > 0).reduce((s, i) => s + i.points, 0);
  const penalties = items.filter((i) => i.max === 0).reduce((s, i) => s + i.points, 0);
  return Math.round(Math.min(100, Math.max(0, (earned * 100) / WEIGHTS_SUM + penalties)));
}
export const HINT_PENALTY = 3;
/** Full time points up to here from injection to mitigation, none from ZERO_TIME_S on, linear between. */
export const FULL_TIME_S = 15 * 60;
export const ZERO_TIME_S = 60 * 60;

export const round1 = (x: number): number => Math.round(x * 10) / 10;

/** The report's parts the brief asks for, and which the submission has. */
export function completeness(report: IncidentReport | undefined): { share: number; present: string[]; missing: string[] } {
  const parts: Array<[string, boolean]> = [
    ['summary', report !== undefined && report.summary.trim() !== ''],
    ['root cause', report !== undefined && [report.rootCause.component, report.rootCause.change, report.rootCause.mechanism].every((t) => t.trim() !== '')],
    ['resolution', report !== undefined && report.resolution.trim() !== ''],
    // A follow-up nobody owns is a wish; the brief asks how we would make sure.
    ['prevention with an owner', report?.prevention.some((p) => p.owner !== undefined && p.owner.trim() !== '') ?? false],
    ['impact estimate', report?.impactEstimate !== undefined && Object.values(report.impactEstimate).some((v) => v !== undefined)],
    ['timeline', report?.timeline !== undefined && report.timeline.trim() !== ''],
  ];
  const present = parts.filter(([, ok]) => ok).map(([name]) => name);
  return { share: present.length / parts.length, present, missing: parts.filter(([, ok]) => !ok).map(([name]) => name) };
}

/** The investigator's money figures (lost revenue plus other cost) against the lab's. */
export function estimateVsActual(report: IncidentReport | undefined, actualCents: number): Scorecard['impactEstimate'] {
  const e = report?.impactEstimate;
  const estimatedCents = e && (e.lostRevenueCents !== undefined || e.costCents !== undefined) ? (e.lostRevenueCents ?? 0) + (e.costCents ?? 0) : undefined;
  const ratio = estimatedCents === undefined ? undefined : actualCents > 0 ? estimatedCents / actualCents : estimatedCents === 0 ? 1 : undefined;
  return { estimatedCents, actualCents, ratio };
}

/** Full points on the mark, half at a factor of 2 either way, none from a factor of 4: order of magnitude is what an estimate is for. */
export function estimatePoints(ratio: number | undefined): number {
  if (ratio === undefined || ratio <= 0) return 0;
  return WEIGHTS.impactEstimate * Math.max(0, 1 - Math.abs(Math.log2(ratio)) / 2);
}

export function timePoints(timeToMitigateS: number | undefined): number {
  if (timeToMitigateS === undefined) return 0;
  if (timeToMitigateS <= FULL_TIME_S) return WEIGHTS.time;
  return WEIGHTS.time * Math.max(0, (ZERO_TIME_S - timeToMitigateS) / (ZERO_TIME_S - FULL_TIME_S));
}
