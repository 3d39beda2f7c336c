/**
 * Prometheus alerting rules as CloudWatch alarms: one alarm per rule, its state from the
 * rule's (README.md, CloudWatch mapping):
 *
 * - firing → ALARM;
 * - pending (condition true, `for:` not yet elapsed) → OK, as a CloudWatch alarm stays in its
 *   state until enough periods breach; StateReason and PrometheusState say it is pending;
 * - inactive → OK;
 * - a rule Prometheus could not evaluate (health err) or has not yet (unknown) →
 *   INSUFFICIENT_DATA, the state a CloudWatch alarm starts in and falls to without data.
 */

export const ALARM_STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;
export type AlarmState = (typeof ALARM_STATES)[number];

export interface PromAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'firing' | 'pending' | 'inactive';
  activeAt?: string;
  value?: string;
}

export interface PromRule {
  type: 'alerting' | 'recording';
  name: string;
  query: string;
  duration?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  state?: 'firing' | 'pending' | 'inactive';
  health: 'ok' | 'err' | 'unknown';
  lastError?: string;
  lastEvaluation?: string;
  alerts?: PromAlert[];
}

const COMPARISONS: Record<string, string> = {
  '>': 'GreaterThanThreshold', '>=': 'GreaterThanOrEqualToThreshold', '<': 'LessThanThreshold', '<=': 'LessThanOrEqualToThreshold',
  // CloudWatch has no equality comparison; these name PromQL's own.
  '==': 'EqualToThreshold', '!=': 'NotEqualToThreshold',
};
const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);
const ALERTS_SHOWN = 10;

export function alarmState(rule: PromRule): AlarmState {
  if (rule.health !== 'ok') return 'INSUFFICIENT_DATA';
  return rule.state === 'firing' ? 'ALARM' : 'OK';
}

/** The expression with string literals, label lists and matchers blanked, so only names, operators and numbers remain. */
function skeleton(expr: string): string {
  return expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^{}]*\}/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, '');
}

/** The metric names a rule reads, in order of appearance: identifiers that are not functions or keywords. */
export function metricsOf(expr: string): string[] {
  const names: string[] = [];
  const s = skeleton(expr);
  for (const m of s.matchAll(/(?<![\w.])[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const after = s.slice((m.index ?? 0) + m[0].length);
    if (/^\s*\(/.test(after) || KEYWORDS.has(m[0].toLowerCase())) continue;
    if (!names.includes(m[0])) names.push(m[0]);
  }
  return names;
}

/** The first top-level `<op> <number>` of the rule: what the first clause compares against. */
export function thresholdOf(expr: string): { threshold: number; comparison: string } | undefined {
  const s = skeleton(expr);
  let depth = 0;
  for (let i = 0; i < s.length; i += 1) {
    const c = s[i];
    if (c === '(') depth += 1;
    else if (c === ')') depth -= 1;
    else if (depth === 0) {
      const m = /^(==|!=|>=|<=|>|<)\s*(?:bool\s+)?([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)/i.exec(s.slice(i));
      if (m) return { threshold: Number(m[2]), comparison: COMPARISONS[m[1] ?? ''] ?? String(m[1]) };
    }
  }
  return undefined;
}

function reason(rule: PromRule, state: AlarmState): string {
  const alerts = rule.alerts ?? [];
  const describe = (a: PromAlert) => `${JSON.stringify(a.labels)} = ${a.value ?? '?'} since ${a.activeAt ?? '?'}`;
  const list = (as: PromAlert[]) => `${as.slice(0, ALERTS_SHOWN).map(describe).join('; ')}${as.length > ALERTS_SHOWN ? `; … ${as.length - ALERTS_SHOWN} more` : ''}`;
  if (state === 'INSUFFICIENT_DATA') return rule.health === 'err' ? `Prometheus could not evaluate the rule: ${rule.lastError ?? 'unknown error'}` : 'Prometheus has not evaluated the rule yet';
  const firing = alerts.filter((a) => a.state === 'firing');
  if (state === 'ALARM') return `Threshold crossed: ${firing.length} alert(s) firing: ${list(firing)}`;
  const pending = alerts.filter((a) => a.state === 'pending');
  if (pending.length > 0) return `Threshold crossed but not yet for ${rule.duration ?? 0} s (pending): ${list(pending)}`;
  return 'Threshold not crossed: no alert active';
}

/** One rule as CloudWatch's DescribeAlarms MetricAlarm, plus the PromQL behind it. */
export function toAlarm(rule: PromRule) {
  const state = alarmState(rule);
  const active = (rule.alerts ?? []).filter((a) => a.state === (rule.state === 'firing' ? 'firing' : 'pending') && a.activeAt);
  const since = active.map((a) => a.activeAt ?? '').sort()[0];
  const t = thresholdOf(rule.query);
  const metrics = metricsOf(rule.query);
  const firstAlert = (rule.alerts ?? [])[0];
  return {
    AlarmName: rule.name,
    AlarmDescription: firstAlert?.annotations.summary ?? rule.annotations?.summary ?? null,
    StateValue: state,
    StateReason: reason(rule, state),
    StateUpdatedTimestamp: since ?? null,
    PrometheusState: rule.health === 'ok' ? (rule.state ?? 'inactive') : rule.health,
    MetricName: metrics[0] ?? null,
    Metrics: metrics,
    Expression: rule.query,
    Threshold: t?.threshold ?? null,
    ComparisonOperator: t?.comparison ?? null,
    ForSeconds: rule.duration ?? 0,
    Dimensions: Object.entries(rule.labels ?? {}).filter(([k]) => k !== 'severity').map(([Name, Value]) => ({ Name, Value })),
    Severity: rule.labels?.severity ?? null,
  };
}
