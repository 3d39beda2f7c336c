import type { Call } from '../coach/entries.js';
import { lineTime, utcClock, type SkewedClock } from './clock.js';

/** The most of a response the timeline shows; the complete one is in the appendix. */
export const ABRIDGED_CHARS = 300;

export const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

interface LogLine {
  line: string;
  service: string | undefined;
}

/** The service a logs call read: kubectl_logs names a pod (`seating-5f…`) or its deployment, the others a service. */
export function serviceOfCall(call: Pick<Call, 'tool' | 'args'>, clocks: readonly SkewedClock[]): string | undefined {
  if (!isRecord(call.args)) return undefined;
  const { pod, service } = call.args;
  if (call.tool === 'kubectl_logs' && typeof pod === 'string') {
    return clocks.find((c) => pod === c.service || pod.startsWith(`${c.service}-`))?.service ?? pod;
  }
  return typeof service === 'string' ? service : undefined;
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((l) => typeof l === 'string');
const isMatches = (v: unknown): v is Array<{ line: string; service?: unknown }> =>
  Array.isArray(v) && v.every((m) => isRecord(m) && typeof m.line === 'string');

/** The log lines an answer carries: `lines` (kubectl_logs, logs_get_service_logs) or `matches` (logs_search). */
function logLinesOf(result: unknown, service: string | undefined): LogLine[] | undefined {
  if (!isRecord(result)) return undefined;
  const { lines, matches } = result;
  if (isStrings(lines)) return lines.map((line) => ({ line, service }));
  if (isMatches(matches)) return matches.map((m) => ({ line: m.line, service: typeof m.service === 'string' ? m.service : service }));
  return undefined;
}

// Fields every line carries or that the prefix already shows: the rest is what the line says.
const SHOWN = new Set(['time', 'level', 'service', 'msg', 'pid', 'hostname', 'release']);

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(line);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** One log line as a reader wants it: its real time (flagged when corrected), service, level, message, then its fields. */
export function renderLogLine(l: LogLine, clocks: readonly SkewedClock[]): { text: string; corrected: boolean } {
  const time = lineTime(l.line, l.service, clocks);
  const fields = parseLine(l.line);
  if (!fields) return { text: `${time ? `${utcClock(time.utcMs)} ` : ''}${l.line}`, corrected: false };
  const who = typeof fields.service === 'string' ? fields.service : l.service;
  const extra = Object.entries(fields).filter(([k, v]) => !SHOWN.has(k) && (typeof v !== 'object' || v === null)).map(([k, v]) => `${k}=${String(v)}`);
  const parts = [
    time ? utcClock(time.utcMs) : undefined, time?.flag, who === undefined ? undefined : `[${who}]`,
    fields.level === undefined ? undefined : String(fields.level), typeof fields.msg === 'string' ? fields.msg : undefined, ...extra,
  ];
  return { text: parts.filter((p) => p !== undefined && p !== '').join(' '), corrected: time?.flag !== undefined };
}

/** The newest lines that fit, oldest first, after a count: the end of a log is what an investigator read it for. */
function abridgeLogs(lines: readonly LogLine[], clocks: readonly SkewedClock[], max: number): { text: string; corrected: boolean } {
  const prefix = `${lines.length} line${lines.length === 1 ? '' : 's'}; newest: `;
  const shown: string[] = [];
  let corrected = false;
  let room = max - prefix.length;
  for (let i = lines.length - 1; i >= 0 && room > 0; i -= 1) {
    const rendered = renderLogLine(lines[i] as LogLine, clocks);
    if (shown.length > 0 && rendered.text.length > room) break;
    // The newest line always shows, cut if need be: its time and flag lead, so they survive the cut.
    const text = cut(rendered.text, room);
    shown.unshift(text);
    corrected ||= rendered.corrected;
    room -= text.length + 3;
  }
  return { text: cut(`${prefix}${shown.join(' | ')}`, max), corrected };
}

/** What the timeline shows of an answer: the error, the newest log lines (times corrected), or the start of its JSON. */
export function abridgeResponse(call: Call, clocks: readonly SkewedClock[], max = ABRIDGED_CHARS): { text: string; corrected: boolean } {
  if (!call.ok) return { text: cut(`error ${call.error?.code ?? 'unknown'}: ${call.error?.message ?? ''}`, max), corrected: false };
  const lines = logLinesOf(call.result, serviceOfCall(call, clocks));
  if (lines && lines.length > 0) return abridgeLogs(lines, clocks, max);
  return { text: cut(JSON.stringify(call.result) ?? 'no answer', max), corrected: false };
}

/** A call's arguments on one line, short enough for a timeline row. */
export const abridgeArgs = (args: unknown, max = 200): string => cut(JSON.stringify(args ?? {}) ?? '{}', max);
