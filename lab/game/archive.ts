import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabAccess } from './lab-access.js';
import { readSlackHistory } from './slack-history.js';

/** What an archive holds, written beside it as archive.json. */
export interface ArchiveManifest {
  game: string;
  archivedAt: string;
  files: string[];
  /** Parts that could not be saved (the lab half down, a channel the bot is not in), each with why. */
  problems: string[];
}

export const archiveDir = (runDir: string) => join(runDir, 'archive');

/**
 * Keeps what a game left behind under `<runDir>/archive/`: the desk journal, the pager's
 * incidents, every Slack channel's history and the reports written since the game started.
 * Each part is saved on its own; one that fails is named in the manifest and the rest still
 * land, because a game must be able to start after a messy one.
 */
export async function archiveGame(lab: LabAccess, opts: { game: string; runDir: string; since: string; now: Date }): Promise<ArchiveManifest> {
  const dir = archiveDir(opts.runDir);
  mkdirSync(dir, { recursive: true });
  const manifest: ArchiveManifest = { game: opts.game, archivedAt: opts.now.toISOString(), files: [], problems: [] };
  const save = (name: string, data: unknown) => {
    writeFileSync(join(dir, name), `${JSON.stringify(data, null, 2)}\n`);
    manifest.files.push(name);
  };

  if (existsSync(lab.deskJournalFile)) {
    copyFileSync(lab.deskJournalFile, join(dir, 'desk-journal.jsonl'));
    manifest.files.push('desk-journal.jsonl');
  } else manifest.problems.push(`desk journal: ${lab.deskJournalFile} does not exist`);

  try {
    const res = await fetch(`${lab.pagerUrl}/incidents`, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    save('pager-incidents.json', await res.json());
  } catch (err) {
    manifest.problems.push(`pager incidents: ${(err as Error).message}`);
  }

  try {
    const history = await readSlackHistory(lab.workspaceCredentialsFile);
    save('slack-history.json', history);
    for (const s of history.skipped) manifest.problems.push(`slack #${s.name}: ${s.reason}`);
  } catch (err) {
    manifest.problems.push(`slack history: ${(err as Error).message}`);
  }

  const since = Date.parse(opts.since);
  if (existsSync(lab.reportsDir)) {
    const reports = readdirSync(lab.reportsDir).filter((f) => statSync(join(lab.reportsDir, f)).isFile() && statSync(join(lab.reportsDir, f)).mtimeMs >= since);
    if (reports.length > 0) mkdirSync(join(dir, 'reports'), { recursive: true });
    for (const f of reports) {
      copyFileSync(join(lab.reportsDir, f), join(dir, 'reports', f));
      manifest.files.push(join('reports', f));
    }
  }
  save('archive.json', manifest);
  return manifest;
}

export const isArchived = (runDir: string) => existsSync(join(archiveDir(runDir), 'archive.json'));
