import { setTimeout as delay } from 'node:timers/promises';
import {
  alertNames, alertsSinceQuery, bodyGist, commitOf, componentOf, fixText, handleOf, handlesIn, headline, instantValue, isApproval, latestChange, linesOf, nameOf, steadyQuery, theoryText, troubleSince, whatChanged,
  type BlameLine, type Change, type CiRun, type CommitView, type FlagView, type IncidentView,
} from './clues.js';
import type { AgentSession } from './mcp-agent.js';
import { post, waitForReply, type ThreadMessage } from './thread.js';

export interface RespondOptions {
  briefing: string;
  now(): Date;
  log(line: string): void;
}

const CHANNEL = '#incidents';
/** Patience, in reads of a thread and queries of the steady signal: each is a step of the game. */
const REPLY = { polls: 8, everyMs: 2500 };
const STEADY = { polls: 16, everyMs: 5000, statusEvery: 8 };
/** Coworkers asked for approval before giving up on one. */
const MAX_APPROVERS = 3;

const hhmm = (iso: string) => `${iso.slice(11, 16)} UTC`;

interface Findings {
  change: Change;
  handle: string | undefined;
  what: string;
  gist: string;
  trouble: IncidentView[];
  component: string;
  /** Alerts active since the change when the responder started: the incident's own. */
  alerts: string[];
  steady: string;
}

/** Data first: the pager, the deploy runs, the flags, the commits; from them, the last change before the trouble. */
async function investigate(session: AgentSession, opts: RespondOptions): Promise<Findings | undefined> {
  const incidents = await session.call<{ incidents: IncidentView[] }>('pagerduty_list_incidents', { limit: 50 });
  const runs = await session.call<{ runs: CiRun[] }>('ci_list_runs', { limit: 30 });
  const flags = await session.call<{ flags: FlagView[] }>('featureflags_list', {});
  const change = latestChange(runs.ok ? runs.result.runs : [], flags.ok ? flags.result.flags : [], opts.now());
  if (!change) {
    opts.log('no deploy or flag change found');
    return undefined;
  }
  opts.log(`latest change: ${change.kind} ${change.commit} "${change.subject}" by ${change.author} at ${change.at}`);
  const commits = await session.call<{ commits: CommitView[] }>('git_recent_commits', change.kind === 'deploy' ? { service: change.service, limit: 10 } : { path: 'flags.json', limit: 10 });
  const commitList = commits.ok ? commits.result.commits : [];
  let lines: string[] = [];
  if (change.kind === 'deploy') {
    const blame = await session.call<{ lines: BlameLine[] }>('git_blame', { path: `config/${change.service}.yaml` });
    lines = blame.ok ? linesOf(change, blame.result.lines) : [];
  }
  const trouble = troubleSince(incidents.ok ? incidents.result.incidents : [], change);
  const services = [...new Set((runs.ok ? runs.result.runs : []).map((r) => r.service))];
  const active = await session.call<unknown>('prometheus_query', { query: alertsSinceQuery(change) });
  const alerts = active.ok ? alertNames(active.result) : [];
  return {
    change, handle: handleOf(change, commitList), what: whatChanged(change, lines), gist: bodyGist(commitOf(change, commitList)?.body),
    trouble, component: componentOf(change, trouble, services), alerts, steady: steadyQuery(change, alerts),
  };
}

/**
 * Proposes the fix in #incidents: first to the change's author, then to whoever the
 * replies point to ("ask @kevin"), last to nobody in particular; stops at the first approval.
 */
async function getApproval(session: AgentSession, f: Findings, opts: RespondOptions): Promise<ThreadMessage | undefined> {
  const queue: Array<string | undefined> = f.handle ? [f.handle] : [undefined];
  const asked: Array<string | undefined> = [];
  for (let i = 0; i < MAX_APPROVERS && queue.length > 0; i += 1) {
    const who = queue.shift();
    asked.push(who);
    const text = fixText(f.change, who);
    const posted = await post(session, CHANNEL, text, opts.log);
    if (!posted) return undefined;
    const reply = await waitForReply(session, posted, REPLY);
    if (reply && isApproval(reply.text)) return reply;
    opts.log(reply ? `${reply.userName} did not approve: ${reply.text.split('\n')[0] ?? ''}` : `no answer to "${text}"`);
    const named = reply ? handlesIn(reply.text, asked.filter((h): h is string => h !== undefined)) : [];
    queue.push(...named.filter((h) => !queue.includes(h)));
    if (queue.length === 0 && !asked.includes(undefined)) queue.push(undefined);
  }
  return undefined;
}

/** Applies the fix: a deploy is rolled back, a flag set back to its previous variant. */
async function applyFix(session: AgentSession, f: Findings, opts: RespondOptions): Promise<string | undefined> {
  const reason = `${f.change.ticket ?? f.change.commit} is the root cause: ${f.what}`;
  const answer = f.change.kind === 'deploy'
    ? await session.call<unknown>('deploy_rollback', { service: f.change.service, reason })
    : await session.call<unknown>('featureflags_set', { flag: f.change.flag, variant: f.change.from, reason });
  if (!answer.ok) {
    opts.log(`the fix was refused: ${answer.error.code}: ${answer.error.message}`);
    return undefined;
  }
  return f.change.kind === 'deploy' ? `rolled back ${f.change.service} to before ${f.change.ticket ?? f.change.commit}` : `set ${f.change.flag} back to ${f.change.from}`;
}

/**
 * Polls the steady signal until it reads 0 twice in a row, or patience runs out; while it
 * waits, a status update every `statusEvery` reads keeps the team (and the cadence) informed.
 */
async function verify(session: AgentSession, f: Findings, opts: RespondOptions): Promise<{ healthy: boolean; last: number | undefined }> {
  let clean = 0;
  let last: number | undefined;
  for (let i = 1; i <= STEADY.polls; i += 1) {
    await delay(STEADY.everyMs);
    const answer = await session.call<unknown>('prometheus_query', { query: f.steady });
    if (!answer.ok) return { healthy: false, last };
    last = instantValue(answer.result);
    clean = last === 0 ? clean + 1 : 0;
    if (clean >= 2) return { healthy: true, last };
    if (i % STEADY.statusEvery === 0 && i < STEADY.polls) {
      await post(session, CHANNEL, `Status update: still watching after the fix: ${last ?? '?'} of the incident's alerts (${f.alerts.join(', ') || 'since the change'}) still active.`, opts.log);
    }
  }
  return { healthy: false, last };
}

/**
 * Works the incident end to end; true when the report was accepted. Every step is a
 * desk tool call through the game, which counts them.
 */
export async function respond(session: AgentSession, opts: RespondOptions): Promise<boolean> {
  const title = headline(opts.briefing);
  const f = await investigate(session, opts);
  if (!f) return false;
  const changeName = nameOf(f.change);
  const paged = f.trouble.length > 0 ? f.trouble.map((i) => i.title).slice(0, 4).join('; ') : 'nothing yet';
  await post(session, CHANNEL, `Status update: working "${title}". Open in the pager since the last change: ${paged}. The most recent change before the trouble is ${changeName} at ${hhmm(f.change.at)}: ${f.what}. Next: checking that theory with its author, then a fix proposal here.`, opts.log);

  let confirmation: ThreadMessage | undefined;
  if (f.handle) {
    const theory = await post(session, CHANNEL, theoryText(f.change, f.handle, f.what, f.trouble), opts.log);
    confirmation = theory ? await waitForReply(session, theory, REPLY) : undefined;
    opts.log(confirmation ? `${confirmation.userName} answered the theory: ${confirmation.text.split('\n')[0] ?? ''}` : 'nobody answered the theory');
  }

  const approval = await getApproval(session, f, opts);
  opts.log(approval ? `${approval.userName} approved` : 'no approval; applying the fix anyway would break the process, so it is not applied');
  const fixed = approval ? await applyFix(session, f, opts) : undefined;
  const fixedAt = opts.now().toISOString();
  if (fixed) await post(session, CHANNEL, `Status update: ${fixed} at ${hhmm(fixedAt)}, approved by ${approval?.userName ?? 'a coworker'}. Watching ${f.alerts.join(', ') || 'the alerts since the change'} until they clear.`, opts.log);
  const check = fixed ? await verify(session, f, opts) : { healthy: false, last: undefined };
  const outcome = fixed
    ? `${fixed} at ${hhmm(fixedAt)}; ${check.healthy ? `the incident's alerts (${f.alerts.join(', ') || 'since the change'}) have cleared` : `${check.last ?? 'some'} of the incident's alerts still active when checked last`}`
    : 'no fix applied (no approval, or the desk refused it)';
  await post(session, CHANNEL, `Status update: ${outcome}. Writing the incident report next.`, opts.log);

  const report = {
    summary: `${title}. The pager opened ${paged}. Root cause: ${changeName} at ${hhmm(f.change.at)}: ${f.what}. ${fixed ? `Mitigated: ${outcome}.` : 'Not mitigated yet.'}`,
    rootCause: {
      component: f.change.kind === 'flag' ? `${f.component} (feature flag ${f.change.flag})` : `${f.component} (config/${f.component}.yaml)`,
      change: `${changeName} at ${f.change.at}: ${f.what}`,
      mechanism: [
        `${f.what}.`,
        f.gist ? `The commit says: "${f.gist}"` : '',
        f.trouble.length > 0 ? `After it the pager opened: ${paged}.` : '',
        confirmation ? `${confirmation.userName} on the theory: ${confirmation.text.replace(/\s+/g, ' ').slice(0, 500)}` : '',
      ].filter((s) => s !== '').join(' '),
    },
    resolution: fixed ? `${outcome}. Approved in #incidents by ${approval?.userName ?? 'a coworker'}.` : outcome,
    prevention: [
      {
        action: `Review ${f.change.kind === 'deploy' ? `${f.component} config changes` : `changes to ${f.change.kind === 'flag' ? f.change.flag : 'flags'}`} against the alerts they can trigger before they ship, with an owner and an expiry for temporary changes.`,
        owner: f.handle ?? `${f.component} team`,
      },
      { action: 'Alert on the signal that fired here early enough to catch the change within minutes, and link the runbook to the change history (deploys and flag commits).', owner: `${f.component} team` },
    ],
    timeline: [
      `${hhmm(f.change.at)} ${changeName}: ${f.what}`,
      ...f.trouble.map((i) => `${hhmm(i.createdAt)} paged: ${i.title}`),
      fixed ? `${hhmm(fixedAt)} ${outcome}` : '',
    ].filter((s) => s !== '').join('\n'),
  };
  const submitted = await session.call<unknown>('incident_submit_report', report);
  if (!submitted.ok) opts.log(`the report was refused: ${submitted.error.code}: ${submitted.error.message}`);
  return submitted.ok;
}
