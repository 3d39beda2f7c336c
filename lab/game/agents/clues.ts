/**
 * The reference responder's reasoning, as pure functions over what the desk's tools
 * answered: which change came last before the trouble, who made it, what it changed,
 * and the words to say about it. No scenario knowledge: only the tools' answers.
 */

export interface CiRun { id: string; service: string; status: string; commit: string; author: string; subject: string; triggeredBy: string; startedAt: string }
export interface FlagChangeView { commit: string; author: string; date: string; subject: string; change: string; from?: string; to?: string }
export interface FlagView { name: string; defaultVariant: string; lastChange: FlagChangeView | null }
export interface CommitView { sha: string; short: string; author: string; email: string; date: string; subject: string; body: string }
export interface IncidentView { id: string; title: string; status: string; service: string | null; createdAt: string }
export interface BlameLine { line: number; commit: string; text: string }

interface ChangeBase {
  commit: string;
  author: string;
  subject: string;
  /** When it landed (ISO). */
  at: string;
  ticket: string | undefined;
}

export type Change =
  | (ChangeBase & { kind: 'deploy'; service: string; run: string })
  | (ChangeBase & { kind: 'flag'; flag: string; from: string; to: string; current: string });

const TICKET = /\b[A-Z][A-Z0-9]+-\d+\b/;
export const ticketOf = (subject: string): string | undefined => TICKET.exec(subject)?.[0];

/** A change in the future of `notAfter` would be a clock skew, not a cause; a little slack allows for it. */
const SKEW_MS = 60_000;

/**
 * The most recent change before `notAfter`: a successful deploy run, or a flag's last
 * variant change. A rollback's own deploy (a "Revert" commit) is a way back, not a cause.
 */
export function latestChange(runs: readonly CiRun[], flags: readonly FlagView[], notAfter: Date): Change | undefined {
  const limit = notAfter.getTime() + SKEW_MS;
  const candidates: Change[] = [
    ...runs.filter((r) => r.status === 'succeeded' && !/^Revert\b/.test(r.subject)).map((r): Change => ({
      kind: 'deploy', service: r.service, run: r.id, commit: r.commit, author: r.author, subject: r.subject, at: r.startedAt, ticket: ticketOf(r.subject),
    })),
    ...flags.flatMap((f): Change[] => {
      const c = f.lastChange;
      if (!c || c.change !== 'variant' || c.from === undefined || c.to === undefined || /^Revert\b/.test(c.subject)) return [];
      return [{ kind: 'flag', flag: f.name, from: c.from, to: c.to, current: f.defaultVariant, commit: c.commit, author: c.author, subject: c.subject, at: c.date, ticket: ticketOf(c.subject) }];
    }),
  ];
  return candidates.filter((c) => Date.parse(c.at) <= limit).sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
}

/** The coworker's Slack handle: the local part of their commit e-mail (dan@shop.example → dan). */
export function handleOf(change: Change, commits: readonly CommitView[]): string | undefined {
  const commit = commits.find((c) => c.short.startsWith(change.commit) || change.commit.startsWith(c.short) || c.sha.startsWith(change.commit));
  const local = commit?.email.split('@')[0]?.toLowerCase();
  return local && /^[a-z][\w.-]*$/.test(local) ? local : undefined;
}

export function commitOf(change: Change, commits: readonly CommitView[]): CommitView | undefined {
  return commits.find((c) => c.short.startsWith(change.commit) || change.commit.startsWith(c.short) || c.sha.startsWith(change.commit));
}

/** The config lines the change's commit wrote, as git blame shows them at HEAD. */
export function linesOf(change: Change, blame: readonly BlameLine[]): string[] {
  return blame.filter((l) => l.commit !== '' && (l.commit.startsWith(change.commit) || change.commit.startsWith(l.commit))).map((l) => l.text.trim()).filter((t) => t !== '' && !t.startsWith('#'));
}

/** How a change is named in a sentence: `FUL-170 (a1b2c3d, "FUL-170 pause dispatch …")`. */
export function nameOf(change: Change): string {
  const subject = change.ticket ? change.subject.replace(change.ticket, '').trim() : change.subject;
  return `${change.ticket ?? `commit ${change.commit}`} (${change.ticket ? `${change.commit}, ` : ''}"${subject}" by ${change.author})`;
}

/** What the change did, in the tools' own terms. */
export function whatChanged(change: Change, lines: readonly string[]): string {
  if (change.kind === 'flag') {
    const still = change.current === change.to ? ` and it is still ${change.to}` : `; it is ${change.current} now`;
    return `flag ${change.flag} went from ${change.from} to ${change.to}${still}`;
  }
  const set = lines.length > 0 ? `, setting ${lines.slice(0, 6).join(', ')}` : '';
  return `a ${change.service} config deploy (${change.run})${set}`;
}

/** The first sentences of a commit's body, where its author says why: quoted, not interpreted. */
export function bodyGist(body: string | undefined, max = 400): string {
  const text = (body ?? '').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, text.lastIndexOf(' ', max))}…` : text;
}

/** Incidents the pager opened since the change, still open: the trouble it is suspected of. */
export function troubleSince(incidents: readonly IncidentView[], change: Change): IncidentView[] {
  const from = Date.parse(change.at) - SKEW_MS;
  return incidents.filter((i) => i.status !== 'resolved' && Date.parse(i.createdAt) >= from);
}

/** The service the trouble is on: the change's for a deploy; for a flag, the paged service or the one its name starts with. */
export function componentOf(change: Change, trouble: readonly IncidentView[], services: readonly string[]): string {
  if (change.kind === 'deploy') return change.service;
  const paged = trouble.map((i) => i.service).filter((s): s is string => s !== null);
  const counts = new Map<string, number>();
  for (const s of paged) counts.set(s, (counts.get(s) ?? 0) + 1);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const named = services.find((s) => change.flag.toLowerCase().startsWith(s.toLowerCase()));
  return named ?? top ?? 'feature flags';
}

/**
 * The alerts of this incident: those that went active after the change, as Prometheus
 * keeps each pending or firing alert's start in ALERTS_FOR_STATE. Older alerts (a known
 * issue firing for days) are left out by their start time.
 */
export function alertsSinceQuery(change: Change): string {
  return `ALERTS_FOR_STATE > ${sinceSeconds(change)}`;
}

const sinceSeconds = (change: Change) => Math.floor((Date.parse(change.at) - SKEW_MS) / 1000);

/** The alert names of an instant query answer over ALERTS_FOR_STATE, each once. */
export function alertNames(answer: unknown): string[] {
  const result = (answer as { result?: Array<{ metric?: Record<string, string> }> } | undefined)?.result ?? [];
  return [...new Set(result.map((r) => r.metric?.alertname).filter((n): n is string => typeof n === 'string' && /^\w+$/.test(n)))].sort();
}

/**
 * The signal that says the incident is over: how many of the alerts active when the
 * responder was paged are still active. Alerts that start later (something else breaking
 * meanwhile) do not hold the all-clear back; with none known, every alert since the change counts.
 */
export function steadyQuery(change: Change, names: readonly string[]): string {
  const selector = names.length > 0 ? `{alertname=~"${names.join('|')}"}` : '';
  return `count(ALERTS_FOR_STATE${selector} > ${sinceSeconds(change)}) or vector(0)`;
}

/** The value of an instant query answer (prometheus_query's `result[0].value[1]`). */
export function instantValue(answer: unknown): number | undefined {
  const result = (answer as { result?: Array<{ value?: [number, string] }> } | undefined)?.result;
  const raw = result?.[0]?.value?.[1];
  return raw === undefined ? undefined : Number(raw);
}

/** `@dan I think the root cause is …, does that make sense?` — a theory, worded so the coworkers read it as one. */
export function theoryText(change: Change, handle: string, what: string, trouble: readonly IncidentView[]): string {
  const since = trouble.length > 0 ? ` Since then the pager opened ${trouble.slice(0, 4).map((i) => i.title).join('; ')}.` : '';
  return `@${handle} I think the root cause is ${nameOf(change)}: ${what}.${since} Does that make sense?`;
}

/**
 * The fix as a proposal in #incidents: a deploy is rolled back, a flag set back to what it
 * was. Addressed to `handle`, or to nobody (then the channel's first approver answers).
 */
export function fixText(change: Change, handle: string | undefined): string {
  const to = handle ? `@${handle} ` : '';
  return change.kind === 'deploy'
    ? `${to}I want to roll back ${change.service} to before ${change.ticket ?? change.commit}, ok?`
    : `${to}I want to set ${change.flag} ${change.from}, ok?`;
}

/** A coworker's go-ahead, as the personas word it ("Approved.", "Go ahead, approved."). */
export const isApproval = (text: string): boolean => /\bapproved\b/i.test(text) && !/\bnot\s+approved\b/i.test(text);

/** Coworkers a reply points to ("ask @kevin or @alicia"), in order, without those already asked. */
export function handlesIn(text: string, asked: readonly string[]): string[] {
  const found = [...text.matchAll(/(?:^|[^\w@])@([a-z][\w.-]*)/gi)].map((m) => (m[1] ?? '').toLowerCase().replace(/[.]+$/, ''));
  return [...new Set(found)].filter((h) => h !== '' && !asked.includes(h));
}

/** The briefing's headline: its first bold phrase, else its first line. */
export function headline(briefing: string): string {
  const bold = /\*([^*\n]+)\*/.exec(briefing)?.[1];
  return (bold ?? briefing.split('\n')[0] ?? 'the incident').replace(/:[a-z_]+:/g, '').trim();
}
