import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Express } from 'express';
import { AppError, notFound } from '../../../services/kit/errors.js';
import { listReports, NoGameError, type ReportWriter } from '../reports.js';
import { requireJson } from './host-guard.js';

/**
 * `POST /game/score` (the current game's scorecard: its report's, or a fresh one without a
 * submission — what `game end` asks for), `GET /reports` and `GET /reports/<name>` (the
 * written reports, for the bot's Slack upload and anyone without the state dir).
 */
export function mountReports(app: Express, reports: ReportWriter, stateDir: string): void {
  app.post('/game/score', requireJson, async (_req, res) => {
    try {
      res.json(await reports.scoreGame());
    } catch (err) {
      if (err instanceof NoGameError) throw new AppError('no_game', 409, err.message);
      throw err;
    }
  });
  app.get('/reports', (_req, res) => {
    res.json({ reports: listReports(stateDir) });
  });
  app.get('/reports/:name', (req, res) => {
    const name = String(req.params.name ?? '');
    if (!/^[A-Za-z0-9-]+$/.test(name)) throw new AppError('invalid_arguments', 400, 'name: a report name such as storefront-offline-2026-11-30T08-12-00-000Z (GET /reports lists them)');
    const file = join(stateDir, 'reports', `${name}.md`);
    if (!existsSync(file)) throw notFound('unknown_report', `no report "${name}"; GET /reports lists them`);
    res.json({ name, markdown: readFileSync(file, 'utf8'), json: JSON.parse(readFileSync(file.replace(/\.md$/, '.json'), 'utf8')) as unknown });
  });
}
