import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { GameError } from './errors.js';

/**
 * The scorecard as a game reads it: the three figures every run is compared by, checked;
 * everything else the report builder adds (items, times, process) kept as it came.
 */
export const gameScorecardSchema = z.object({
  total: z.number(),
  rootCause: z.object({ right: z.boolean() }).loose(),
  mitigated: z.boolean(),
  items: z.array(z.object({ name: z.string(), points: z.number(), max: z.number(), detail: z.string().optional() }).loose()).optional(),
}).loose();

export type GameScorecard = z.output<typeof gameScorecardSchema>;

export interface GameScore {
  /** The report the desk wrote (`<stateDir>/reports/<scenario>-<time>.md`). */
  file: string;
  scorecard: GameScorecard;
}

export interface ScoreOptions {
  /** The chaos run the game injected (the desk's briefing names it too). */
  run: string;
  deskUrl: string;
  stateDir: string;
}

/** Whatever builds a game's report and scorecard from the desk journal, with or without a submitted report. */
export interface GameScorer {
  score(opts: ScoreOptions): Promise<GameScore>;
}

/**
 * What the desk answers with a report: `{reportFile, scorecard}`, or `{file, scorecard}` as
 * its report writer names it; read either way so the two ends need not move in lockstep.
 */
const answerSchema = z.union([
  z.object({ reportFile: z.string().min(1), scorecard: gameScorecardSchema }).loose().transform((a) => ({ file: a.reportFile, scorecard: a.scorecard })),
  z.object({ file: z.string().min(1), scorecard: gameScorecardSchema }).loose().transform((a) => ({ file: a.file, scorecard: a.scorecard })),
]);

/** incident_submit_report's result may carry only the score's summary (`score`) beside the report file. */
const submissionSchema = z.union([
  answerSchema,
  z.object({
    reportFile: z.string().min(1),
    score: z.object({ total: z.number(), rootCauseRight: z.boolean(), mitigated: z.boolean(), items: gameScorecardSchema.shape.items }).loose(),
  }).loose().transform((a): GameScore => ({
    file: a.reportFile,
    scorecard: { total: a.score.total, rootCause: { right: a.score.rootCauseRight }, mitigated: a.score.mitigated, ...(a.score.items ? { items: a.score.items } : {}) },
  })),
]);

/**
 * The chaos run a report was built for, from its JSON file (`jsonFile` beside the answer's
 * Markdown, which the desk writes with `run`): a score is only this game's if it was built
 * for this game's run. Undefined when the answer does not say.
 */
function runOfReport(body: unknown): string | undefined {
  const jsonFile = (body as { jsonFile?: unknown }).jsonFile;
  if (typeof jsonFile !== 'string') return undefined;
  try {
    const run = (JSON.parse(readFileSync(jsonFile, 'utf8')) as { run?: unknown }).run;
    return typeof run === 'string' ? run : undefined;
  } catch {
    return undefined;
  }
}

/** How long the desk may take to gather live figures and write the report. */
const SCORE_TIMEOUT_MS = 120_000;

/**
 * The desk's `POST /game/score` (body `{run}`, answer `{reportFile, scorecard}`): the desk
 * holds the journal and the lab's ground truth, and writes the report files. It scores the
 * game of the lab's latest chaos run, so a game is scored before its chaos reset.
 */
export function createDeskScorer(): GameScorer {
  return {
    async score(opts) {
      let res: Response;
      try {
        res = await fetch(`${opts.deskUrl.replace(/\/+$/, '')}/game/score`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ run: opts.run }), signal: AbortSignal.timeout(SCORE_TIMEOUT_MS),
        });
      } catch (err) {
        throw new GameError('score_unavailable', `the desk at ${opts.deskUrl} did not answer POST /game/score (${(err as Error).message})`, { cause: err });
      }
      const body: unknown = await res.json().catch(() => undefined);
      if (!res.ok) {
        const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
        throw new GameError('score_failed', `the desk could not score run ${opts.run}: HTTP ${res.status}${error ? ` ${error.code ?? ''}: ${error.message ?? ''}` : ''}`);
      }
      const parsed = answerSchema.safeParse(body);
      if (!parsed.success) throw new GameError('score_failed', `POST /game/score answered an unexpected body: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      const reportRun = runOfReport(body);
      if (reportRun !== undefined && reportRun !== opts.run) {
        throw new GameError('score_stale', `the desk answered with the report of chaos run ${reportRun} (${parsed.data.file}), not this game's run ${opts.run}; not recorded as this game's score`);
      }
      return parsed.data;
    },
  };
}

/**
 * A game's score when the investigator submitted a report: the desk answered
 * incident_submit_report with the report file and its score; the last such answer since
 * the injection is the game's. Undefined when none did (then the scorer builds one).
 */
export function submittedScore(entries: readonly unknown[], since: string): GameScore | undefined {
  const from = Date.parse(since);
  let found: GameScore | undefined;
  for (const e of entries) {
    const entry = e as { type?: unknown; tool?: unknown; ok?: unknown; at?: unknown; result?: unknown; caller?: { kind?: unknown } };
    if (entry.type !== 'call' || entry.tool !== 'incident_submit_report' || entry.ok !== true || entry.caller?.kind === 'bot') continue;
    if (typeof entry.at !== 'string' || Date.parse(entry.at) < from) continue;
    const parsed = submissionSchema.safeParse(entry.result);
    if (parsed.success) found = parsed.data;
  }
  return found;
}

/**
 * Scores the game on `stateDir`'s lab: the submitted report's scorecard when there is one,
 * else the scorer's (by default the desk's POST /game/score).
 */
export async function scoreGame(stateDir: string, opts: { run: string; deskUrl: string; journal?: readonly unknown[]; since?: string; scorer?: GameScorer }): Promise<GameScore & { source: 'submission' | 'scorer' }> {
  const submitted = opts.journal && opts.since ? submittedScore(opts.journal, opts.since) : undefined;
  if (submitted) return { ...submitted, source: 'submission' };
  const scored = await (opts.scorer ?? createDeskScorer()).score({ run: opts.run, deskUrl: opts.deskUrl, stateDir });
  return { ...scored, source: 'scorer' };
}
