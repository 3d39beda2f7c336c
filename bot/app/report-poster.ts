import type { Logger } from 'pino';
import type { WebClient } from '@slack/web-api';
import type { JournalEntry } from '../desk/journal/journal.js';

export interface ReportPosterDeps {
  deskUrl: string;
  client: WebClient;
  /** The channel a report goes to (the game's incident channel). */
  channel(): Promise<string>;
  log: Logger;
}

interface Written {
  markdown: string;
  json: { scorecard?: { total: number; mitigated: boolean; rootCause: { right: boolean } } };
}

/**
 * Posts every report the desk writes (from /drill report or incident_submit_report over
 * MCP alike) to Slack as a file with its score, once: reports already in the journal when
 * the bot starts count as posted, so a restart does not post them again.
 */
export function createReportPoster(deps: ReportPosterDeps) {
  let seen: Set<number> | undefined;
  return {
    /** `entries`: the whole journal as this tick read it. */
    async check(entries: readonly JournalEntry[]): Promise<void> {
      const events = entries.filter((e) => e.type === 'game' && e.event === 'report');
      if (!seen) {
        seen = new Set(events.map((e) => e.seq));
        return;
      }
      for (const e of events) {
        if (seen.has(e.seq) || e.type !== 'game') continue;
        seen.add(e.seq);
        const name = (e.text.split('/').at(-1) ?? '').replace(/\.md$/, '');
        const res = await fetch(`${deps.deskUrl}/reports/${encodeURIComponent(name)}`, { signal: AbortSignal.timeout(10_000) });
        if (!res.ok) {
          deps.log.warn({ name, status: res.status }, 'report not readable from the desk; not posted');
          continue;
        }
        const report = (await res.json()) as Written;
        const s = report.json.scorecard;
        const comment = s
          ? `:memo: Incident report${e.who ? ` by ${e.who}` : ''} — score *${s.total}/100*; root cause ${s.rootCause.right ? 'right' : 'not right'}; ${s.mitigated ? 'mitigated' : 'not mitigated'} when submitted.`
          : ':memo: Incident report';
        await deps.client.filesUploadV2({ channel_id: await deps.channel(), content: report.markdown, filename: `${name}.md`, title: name, initial_comment: comment });
        deps.log.info({ name }, 'report posted to Slack');
      }
    },
  };
}
