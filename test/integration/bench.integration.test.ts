import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resultsSchema, SECTIONS } from '../../bench/results.js';
import { pidsMentioning, root } from '../support/processes.js';

// The one test of `make bench` (benchmarks are not tests): the short run completes, prints the
// table and writes results that hold every section. No figure's size is asserted.
describe('make bench QUICK=1', () => {
  it('runs every part, prints the table and writes a valid results file, leaving nothing running', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fd-bench-')), 'results.json');
    const child = spawn('make', ['--no-print-directory', 'bench', 'QUICK=1', `OUT=${out}`], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, `make bench failed:\n${stderr.slice(-4000)}`).toBe(0);

    const results = resultsSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(results.quick).toBe(true);
    expect(new Set(results.figures.map((f) => f.section))).toEqual(new Set(SECTIONS));
    // Measured in a short run: the lab's memory, its start, the desk, the kit, the journal.
    for (const name of ['total RSS, steady state', 'make lab → "lab ready"']) {
      expect(results.figures.find((f) => f.name === name)?.value, name).toBeGreaterThan(0);
    }
    for (const section of ['overhead', 'desk', 'journal'] as const) {
      const measured = results.figures.filter((f) => f.section === section && f.value !== null);
      expect(measured.length, `${section} figures`).toBeGreaterThan(0);
      expect(measured.every((f) => f.value! >= 0)).toBe(true);
    }
    // Not measured in a short run, and saying so rather than showing a number.
    const incident = results.figures.filter((f) => f.section === 'recovery' || f.name.includes('page posted'));
    expect(incident.length).toBeGreaterThan(0);
    expect(incident.every((f) => f.value === null && /QUICK/.test(f.note ?? ''))).toBe(true);
    // Every goal with a value has its verdict, and the table shows each figure with its command.
    expect(results.figures.filter((f) => f.goal && f.value !== null).every((f) => typeof f.met === 'boolean')).toBe(true);
    for (const f of results.figures) expect(stdout).toContain(f.name);
    expect(stdout).toContain('make bench ONLY=lab');
    expect(pidsMentioning('firedrill-bench-')).toEqual([]);
  }, 300_000);
});
