import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { listReports } from '../../bot/desk/reports.js';
import { CliError } from './start.js';

interface ReportJson {
  run?: { id: string; injectedAt: string };
  scorecard?: { total: number; mitigated: boolean; rootCause: { right: boolean }; by?: string };
}

/** `firedrill report [list | show <name|file> | latest] [--state-dir DIR]`: the graded reports the desk wrote. */
export function runReport(proc: NodeJS.Process, argv: readonly string[], defaultStateDir: string): number {
  let stateDir = defaultStateDir;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--state-dir' && argv[i + 1]) {
      stateDir = resolve(argv[i + 1] ?? '');
      i += 1;
    } else rest.push(argv[i] ?? '');
  }
  const [sub = 'list', which] = rest;
  const reports = listReports(stateDir);
  if (sub === 'list') {
    if (reports.length === 0) {
      proc.stdout.write(`no reports yet in ${stateDir}/reports; a report is written when the investigator submits one (/drill report, or incident_submit_report over MCP) or a game ends\n`);
      return 0;
    }
    for (const r of reports) {
      const json = JSON.parse(readFileSync(r.file.replace(/\.md$/, '.json'), 'utf8')) as ReportJson;
      const s = json.scorecard;
      proc.stdout.write(`${r.name.padEnd(48)} ${s ? `${String(s.total).padStart(3)}/100  root cause ${s.rootCause.right ? 'right' : 'wrong'}  ${s.mitigated ? 'mitigated' : 'not mitigated'}` : ''}\n    ${r.file}\n`);
    }
    return 0;
  }
  if (sub === 'show' || sub === 'latest') {
    const target = sub === 'latest' ? reports[0] : reports.find((r) => r.name === which || r.file === which || r.file === resolve(which ?? ''));
    if (!target) {
      if (which && existsSync(which)) {
        proc.stdout.write(readFileSync(which, 'utf8'));
        return 0;
      }
      throw new CliError(sub === 'latest' ? 'no reports yet' : `report: no report "${which ?? ''}"; \`npx firedrill report list\` lists them`);
    }
    proc.stdout.write(readFileSync(target.file, 'utf8'));
    proc.stdout.write(`\n(${target.file})\n`);
    return 0;
  }
  throw new CliError(`report: unknown subcommand "${sub}"; one of list, show <name>, latest`);
}
