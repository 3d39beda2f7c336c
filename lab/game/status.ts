import type { IncidentSummary } from '../pager/model.js';
import { createDeskClient } from '../../bot/desk/client.js';
import { alive } from '../cli/lab.js';
import type { GameContext } from './context.js';
import { activitySince, GAME_CALLER, readDeskJournal } from './desk.js';
import { currentGame } from './end.js';
import { gameLab } from './lab-access.js';

/** `12m 05s`. */
export function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = `${String(m).padStart(h > 0 ? 2 : 1, '0')}m ${String(s % 60).padStart(2, '0')}s`;
  return h > 0 ? `${h}h ${rest}` : rest;
}

/** What the pager has open, one line each, or why it could not be read. */
async function firing(deskUrl: string): Promise<string[]> {
  const answer = await createDeskClient(deskUrl, { timeoutMs: 15_000 }).callTool('pagerduty_list_incidents', { limit: 100 }, GAME_CALLER);
  if (!answer.ok) return [`(the pager did not answer: ${answer.error.code}: ${answer.error.message})`];
  const open = (answer.result as { incidents: IncidentSummary[] }).incidents.filter((i) => i.status !== 'resolved');
  return open.length === 0 ? ['nothing is firing'] : open.map((i) => `${i.id} ${i.title} — ${i.status}, ${i.severity}, ${i.service ?? 'no service'}, since ${i.createdAt.slice(11, 19)} UTC`);
}

/** `game status`: the running game's scenario, time in, what is firing, tool calls so far, and whether a report came in. */
export async function gameStatus(ctx: GameContext): Promise<void> {
  const game = currentGame(ctx.stateDir);
  const lab = gameLab(ctx);
  const since = game.injectedAt ?? game.startedAt;
  const [lines, journal] = await Promise.all([firing(lab.deskUrl), readDeskJournal(lab.deskUrl)]);
  const activity = activitySince(journal, since);
  const runner = game.runnerPid !== undefined && alive(game.runnerPid) ? `holding (pid ${game.runnerPid})` : 'gone (the incident may have expired; `npx firedrill chaos status`)';
  ctx.out(`game       ${game.id} (${game.status})`);
  ctx.out(`scenario   ${game.scenario}, chaos run ${game.chaosRun ?? '-'}; runner ${runner}`);
  ctx.out(`by         ${game.by}`);
  ctx.out(`elapsed    ${elapsed(ctx.now().getTime() - Date.parse(since))} since the injection at ${since.slice(11, 19)} UTC`);
  ctx.out(`tool calls ${activity.toolCalls}`);
  ctx.out(`report     ${activity.reportSubmitted ? `submitted at ${activity.lastReportAt?.slice(11, 19) ?? '?'} UTC` : 'not submitted yet'}`);
  ctx.out('firing');
  for (const l of lines) ctx.out(`  ${l}`);
}
