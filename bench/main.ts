import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runJournal } from './journal/journal.js';
import { runLabSections, runningLabs } from './lab/lab-sections.js';
import { runOverhead } from './overhead/overhead.js';
import { figure, resultsSchema, type BenchContext, type Figure, type Results } from './results.js';
import { renderNotes, renderTable } from './table.js';

/** `make bench`: the figures a game-day lab is judged on (issue 13), as a table and bench/results.json. */

const PARTS = { journal: runJournal, overhead: runOverhead, lab: runLabSections } as const;
type Part = keyof typeof PARTS;
const SECTION_OF: Record<Part, Figure['section']> = { journal: 'journal', overhead: 'overhead', lab: 'footprint' };

const HELP = `usage: make bench [QUICK=1] [ONLY=lab,overhead,journal]
       node dist/bench/main.js [--quick] [--only lab,overhead,journal] [--out FILE]

Measures firedrill on this machine and prints a table; writes bench/results.json.
  lab       starts a real lab with \`make lab\` (its own ports and state): time to ready,
            memory of every process, desk latency under 20 callers, and (not with --quick)
            a whole storefront-offline game: time to the page, peak memory, recovery after
            the real fix (about 8 minutes)
  overhead  storefront and orders with the full kit against bare Express apps (autocannon)
  journal   durable journal appends per second, report build time for 5,000 entries
--quick     short loads and no incident (about 1 minute)
Needs redis-server, prometheus and alertmanager (\`make deps-lab\`). Run nothing else heavy
meanwhile: the figures are this machine's.`;

interface Args {
  quick: boolean;
  only: Part[];
  out: string;
}

function parseArgs(argv: string[], root: string): Args | 'help' {
  const args: Args = { quick: false, only: Object.keys(PARTS) as Part[], out: join(root, 'bench', 'results.json') };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') return 'help';
    if (flag === '--quick') args.quick = true;
    else if (flag === '--only' && argv[i + 1]) {
      const names = (argv[(i += 1)] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = names.filter((n) => !(n in PARTS));
      if (unknown.length > 0 || names.length === 0) throw new Error(`--only ${names.join(',')}: expected any of ${Object.keys(PARTS).join(', ')} (ONLY=lab for make bench)`);
      args.only = names as Part[];
    } else if (flag === '--out' && argv[i + 1]) args.out = resolve(argv[(i += 1)] ?? '');
    else throw new Error(`unexpected argument "${flag}"\n\n${HELP}`);
  }
  return args;
}

async function main(): Promise<number> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  let args: Args | 'help';
  try {
    args = parseArgs(process.argv.slice(2), root);
  } catch (err) {
    process.stderr.write(`firedrill bench: ${(err as Error).message}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const began = Date.now();
  const progress = (line: string) => process.stderr.write(`[bench ${String(Math.round((Date.now() - began) / 1000)).padStart(4)} s] ${line}\n`);
  process.on('SIGINT', () => void interrupted(progress));
  const startedAt = new Date().toISOString();
  const figures: Figure[] = [];
  let failed = false;
  for (const part of args.only) {
    const workDir = mkdtempSync(join(tmpdir(), `firedrill-bench-${part}-`));
    const ctx: BenchContext = { root, quick: args.quick, workDir, progress: (line) => progress(`${part}: ${line}`) };
    progress(`${part}: starting`);
    try {
      figures.push(...(await PARTS[part](ctx)));
      rmSync(workDir, { recursive: true, force: true });
    } catch (err) {
      // The part's state and logs stay for a look: a failed run is the one worth reading.
      failed = true;
      progress(`${part}: FAILED: ${(err as Error).message} (its state and logs are kept in ${workDir})`);
      figures.push(figure({ section: SECTION_OF[part], name: `${part} did not finish`, value: null, unit: '-', command: `make bench ONLY=${part}`, note: `failed: ${(err as Error).message}` }));
    }
  }
  const results: Results = resultsSchema.parse({ version: 1, quick: args.quick, startedAt, finishedAt: new Date().toISOString(), machine: machine(), figures });
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\n${renderTable(results)}\n\nnotes:\n${renderNotes(results)}\n\nwrote ${args.out} in ${Math.round((Date.now() - began) / 1000)} s\n`);
  return failed ? 1 : 0;
}

function machine(): Results['machine'] {
  const cores = cpus();
  return { cpus: cores.length, cpuModel: (cores[0]?.model ?? 'unknown').replace(/\s+/g, ' ').trim(), memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10, node: process.version, platform: `${process.platform} ${process.arch}` };
}

/** Ctrl-C: the labs run in their own process group, so the bench stops them before it goes. */
async function interrupted(progress: (line: string) => void): Promise<void> {
  progress(`interrupted; stopping ${runningLabs.size} lab(s) ...`);
  await Promise.all([...runningLabs].map((lab) => lab.stop()));
  process.exit(130);
}

process.exitCode = await main();
