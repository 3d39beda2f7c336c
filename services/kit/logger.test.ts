import { describe, expect, it } from 'vitest';
import { memoryLog, type LogRecord } from '../../test/support/logs.js';
import { createLogger, formatLogTime, type LoggerOptions } from './logger.js';

/** Logs one line and returns it with the real clock read just before and just after. */
function logOnce(opts: Omit<LoggerOptions, 'service' | 'destination'>): { line: LogRecord; before: number; after: number } {
  const { stream, records } = memoryLog();
  const log = createLogger({ service: 'seating', ...opts, destination: stream });
  const before = Date.now();
  log.info({ seat: 'A7' }, 'seat assigned');
  const after = Date.now();
  const [line] = records;
  if (!line) throw new Error('nothing logged');
  return { line, before, after };
}

describe('createLogger: time field', () => {
  it('by default writes UTC ISO 8601 ending in Z, read from the real clock', () => {
    const { line, before, after } = logOnce({});
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const at = Date.parse(String(line.time));
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(after);
    expect(line).toMatchObject({ level: 'info', service: 'seating', msg: 'seat assigned', seat: 'A7' });
  });

  it('with clockSkewMs writes a time that far ahead of the real clock', () => {
    const { line, before, after } = logOnce({ clockSkewMs: 97_000 });
    expect(line.time).toMatch(/Z$/);
    const at = Date.parse(String(line.time));
    expect(at).toBeGreaterThanOrEqual(before + 97_000);
    expect(at).toBeLessThanOrEqual(after + 97_000);
  });

  it('with utcOffsetMinutes writes local time with its offset, denoting the same instant', () => {
    const { line, before, after } = logOnce({ utcOffsetMinutes: 60 });
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+01:00$/);
    const at = Date.parse(String(line.time));
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(after);
  });

  it('applies skew and offset together', () => {
    const { line, before, after } = logOnce({ clockSkewMs: 97_000, utcOffsetMinutes: 60 });
    expect(line.time).toMatch(/\+01:00$/);
    const at = Date.parse(String(line.time));
    expect(at).toBeGreaterThanOrEqual(before + 97_000);
    expect(at).toBeLessThanOrEqual(after + 97_000);
  });

  it('keeps the skew in child loggers', () => {
    const { stream, records } = memoryLog();
    const log = createLogger({ service: 'seating', clockSkewMs: -60_000, destination: stream }).child({ reqId: 'r1' });
    const before = Date.now();
    log.warn('late');
    const after = Date.now();
    const at = Date.parse(String(records[0]?.time));
    expect(at).toBeGreaterThanOrEqual(before - 60_000);
    expect(at).toBeLessThanOrEqual(after - 60_000);
    expect(records[0]).toMatchObject({ reqId: 'r1', level: 'warn' });
  });
});

describe('formatLogTime', () => {
  const instant = Date.parse('2026-11-29T19:14:03.120Z');

  it.each([
    [0, '2026-11-29T19:14:03.120Z'],
    [120, '2026-11-29T21:14:03.120+02:00'],
    [60, '2026-11-29T20:14:03.120+01:00'],
    [-300, '2026-11-29T14:14:03.120-05:00'],
    [330, '2026-11-30T00:44:03.120+05:30'],
    [-570, '2026-11-29T09:44:03.120-09:30'],
  ])('at offset %i minutes renders %s, the same instant', (offset, expected) => {
    expect(formatLogTime(instant, offset)).toBe(expected);
    expect(Date.parse(expected)).toBe(instant);
  });
});
