import { describe, expect, it } from 'vitest';
import { figure, resultsSchema, type Results } from './results.js';
import { renderNotes, renderTable } from './table.js';

const machine = { cpus: 2, cpuModel: 'test cpu', memoryGiB: 4, node: 'v20.20.2', platform: 'linux x64' };

describe('bench results and table', () => {
  it('judges a figure against its goal, and leaves an unmeasured one unjudged', () => {
    expect(figure({ section: 'footprint', name: 'rss', value: 900, unit: 'MiB', goal: { op: '<', value: 1024, text: '< 1 GiB' }, command: 'c' }).met).toBe(true);
    expect(figure({ section: 'footprint', name: 'rss', value: 1024, unit: 'MiB', goal: { op: '<', value: 1024, text: '< 1 GiB' }, command: 'c' }).met).toBe(false);
    expect(figure({ section: 'overhead', name: 'loss', value: 15, unit: '%', goal: { op: '<=', value: 15, text: '≤ 15 %' }, command: 'c' }).met).toBe(true);
    expect(figure({ section: 'incident', name: 'page', value: null, unit: 's', goal: { op: '<', value: 60, text: '< 60 s' }, command: 'c' }).met).toBeUndefined();
  });

  it('prints every figure under its section with its command, and names the missed goals', () => {
    const results: Results = resultsSchema.parse({
      version: 1, quick: true, startedAt: '2026-11-30T12:00:00.000Z', finishedAt: '2026-11-30T12:01:00.000Z', machine,
      figures: [
        figure({ section: 'journal', name: 'report build', value: 1200, unit: 'ms', goal: { op: '<', value: 1000, text: '< 1 s' }, command: 'make bench ONLY=journal', note: 'median of 2' }),
        figure({ section: 'footprint', name: 'total RSS, steady state', value: 812, unit: 'MiB', goal: { op: '<', value: 1024, text: '< 1 GiB' }, command: 'make bench ONLY=lab' }),
        figure({ section: 'recovery', name: 'fix → breaker closed', value: null, unit: 's', command: 'make bench ONLY=lab', note: 'not measured: QUICK=1' }),
      ],
    });
    const table = renderTable(results);
    // Sections in the order, whatever order the parts ran in.
    expect(table.indexOf('1 Footprint')).toBeLessThan(table.indexOf('5 Journal and report'));
    expect(table.indexOf('5 Journal and report')).toBeLessThan(table.indexOf('6 Recovery'));
    expect(table).toMatch(/total RSS, steady state\s+812 MiB\s+< 1 GiB\s+met/);
    expect(table).toMatch(/report build\s+1200 ms\s+< 1 s\s+MISSED/);
    expect(table).toMatch(/fix → breaker closed\s+—/);
    expect(table).toContain('(make bench ONLY=journal)');
    expect(table).toContain('goals missed: report build');
    expect(renderNotes(results)).toContain('report build: median of 2');
  });

  it('refuses a results file without figures or with a judged figure of no section', () => {
    expect(() => resultsSchema.parse({ version: 1, quick: false, startedAt: '2026-11-30T12:00:00.000Z', finishedAt: '2026-11-30T12:00:00.000Z', machine, figures: [] })).toThrow();
    expect(() => resultsSchema.parse({ version: 1, quick: false, startedAt: '2026-11-30T12:00:00.000Z', finishedAt: '2026-11-30T12:00:00.000Z', machine, figures: [{ section: 'speed', name: 'x', value: 1, unit: 's', command: 'c' }] })).toThrow(/section/);
  });
});
