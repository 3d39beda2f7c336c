import { SECTIONS, type Figure, type Results } from './results.js';

const TITLES: Record<(typeof SECTIONS)[number], string> = {
  footprint: '1 Footprint',
  incident: '2 Time to incident',
  overhead: '3 Shop overhead',
  desk: '4 Desk latency',
  journal: '5 Journal and report',
  recovery: '6 Recovery',
};

const formatValue = (f: Figure) => (f.value === null ? '—' : `${Number.isInteger(f.value) ? f.value : f.value.toFixed(f.value < 10 ? 2 : 1)} ${f.unit}`);
const mark = (f: Figure) => (f.met === undefined ? '' : f.met ? 'met' : 'MISSED');

/** The results as a plain-text table, a block per section with the command that reproduces it. */
export function renderTable(results: Results): string {
  const rows = results.figures.map((f) => [f.name, formatValue(f), f.goal?.text ?? '', mark(f)]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => (r[i] ?? '').length), ['figure', 'value', 'goal', ''][i]!.length));
  const line = (cells: string[]) => `  ${cells.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('   ')}`.trimEnd();
  const m = results.machine;
  const out = [`firedrill bench${results.quick ? ' (QUICK=1)' : ''} — ${results.startedAt} — ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, node ${m.node}`, ''];
  for (const section of SECTIONS) {
    const figures = results.figures.filter((f) => f.section === section);
    if (figures.length === 0) continue;
    const commands = [...new Set(figures.map((f) => f.command))].join('; ');
    out.push(`${TITLES[section]}   (${commands})`);
    for (const f of figures) out.push(line([f.name, formatValue(f), f.goal?.text ?? '', mark(f)]));
    out.push('');
  }
  const missed = results.figures.filter((f) => f.met === false);
  out.push(missed.length === 0 ? 'every goal met' : `goals missed: ${missed.map((f) => f.name.trim()).join('; ')}`);
  return out.join('\n');
}

/** Notes under the table: why a figure is what it is. */
export function renderNotes(results: Results): string {
  return results.figures.filter((f) => f.note).map((f) => `  ${f.name.trim()}: ${f.note}`).join('\n');
}
