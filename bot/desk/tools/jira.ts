import { z } from 'zod';
import { sprintStates, type JiraIssue } from '../../../chaos/scenario/world-schema.js';
import { defineTool, type Tool } from '../registry/tool.js';
import type { DeskSources } from '../sources.js';
import { capped, limitArg } from './bounded.js';
import { checkValues, issueText, matches, parseJql, type JqlQuery } from './jira-query.js';
import { unknownName } from './shop.js';
import { createWorldSource, type WorldView } from './world.js';

type IssueLink = { type: string; title: string; url: string | null } | { type: string; issue: string; summary: string; status: string };

const PRIORITY = { Highest: 5, High: 4, Medium: 3, Low: 2, Lowest: 1 } as const;
const SPRINT_ISSUE_CAP = 50;

function sprintOf(v: WorldView, x: JiraIssue) {
  return v.world.jira.sprints.find((s) => s.id === x.sprint);
}

/** The issues that exist by the view's now: one created later is still in the future of the story. */
const visible = (v: WorldView) => v.world.jira.issues.filter((x) => v.happened(x.created));
const commentsOf = (v: WorldView, x: JiraIssue) => x.comments.filter((c) => v.happened(c.at));

function sorter(v: WorldView, order: JqlQuery['order']): (a: JiraIssue, b: JiraIssue) => number {
  const num = (k: string) => Number(k.split('-')[1]);
  const value = (x: JiraIssue): number | string => {
    if (order.field === 'priority') return PRIORITY[x.priority];
    if (order.field === 'key') return `${x.key.split('-')[0] ?? ''}-${String(num(x.key)).padStart(8, '0')}`;
    return v.at(x[order.field]);
  };
  return (a, b) => {
    const [x, y] = [value(a), value(b)];
    const cmp = x < y ? -1 : x > y ? 1 : 0;
    return order.desc ? -cmp : cmp;
  };
}

function summaryOf(v: WorldView, x: JiraIssue) {
  return { key: x.key, type: x.type, summary: x.summary, status: x.status, priority: x.priority, assignee: x.assignee, updated: v.at(x.updated), sprint: sprintOf(v, x)?.name ?? null };
}

function fullIssue(v: WorldView, x: JiraIssue) {
  const byKey = new Map(visible(v).map((i) => [i.key, i]));
  const sprint = sprintOf(v, x);
  return {
    key: x.key, type: x.type, summary: x.summary, status: x.status, priority: x.priority,
    assignee: x.assignee, reporter: x.reporter, labels: x.labels, components: x.components,
    sprint: sprint ? { id: sprint.id, name: sprint.name, state: sprint.state } : null,
    created: v.at(x.created), updated: v.at(x.updated), resolved: x.resolved ? v.at(x.resolved) : null,
    description: x.description,
    comments: commentsOf(v, x).map((c) => ({ author: c.author, at: v.at(c.at), body: c.body })),
    links: x.links.flatMap((l): IssueLink[] => {
      if (l.issue === undefined) return [{ type: l.type, title: l.title ?? '', url: l.url ?? null }];
      const target = byKey.get(l.issue);
      return target ? [{ type: l.type, issue: l.issue, summary: target.summary, status: target.status }] : [];
    }),
  };
}

export function createJiraTools(sources: Pick<DeskSources, 'root' | 'stateDir'>): Tool[] {
  const worlds = createWorldSource(sources);
  return [
    defineTool({
      name: 'jira_search', family: 'jira', kind: 'read',
      description: 'Search Jira issues by words or JQL-lite (project = ORD AND status = Open, assignee = alicia, text ~ pool, ORDER BY created DESC); returns key, summary, status, assignee, newest update first.',
      args: z.object({
        query: z.string().trim().max(500).optional().describe('Words that must all appear (key, summary, description, comments), or JQL-lite over project, status, assignee, reporter, type, priority, labels, component, sprint, key, text; all issues when omitted.'),
        limit: limitArg(50, 20, 'issues'),
      }).strict(),
      run: async (args, ctx) => {
        const v = worlds.view(ctx.now());
        const q = parseJql(args.query ?? '');
        checkValues(q, v.world);
        const found = visible(v)
          .filter((x) => matches(q, x, issueText(x, commentsOf(v, x).map((c) => c.body)), sprintOf(v, x)))
          .sort(sorter(v, q.order));
        const page = capped(found, args.limit);
        return { scenario: v.scenario, query: args.query ?? null, total: page.total, truncated: page.truncated, issues: page.items.map((x) => summaryOf(v, x)) };
      },
    }),
    defineTool({
      name: 'jira_get_issue', family: 'jira', kind: 'read',
      description: 'One Jira issue in full: description, status, assignee, sprint, dates, comments and linked issues or changes.',
      args: z.object({
        key: z.string().trim().min(1).max(40).describe('The issue key, e.g. PERF-812 (jira_search finds keys).'),
      }).strict(),
      run: async (args, ctx) => {
        const v = worlds.view(ctx.now());
        const issues = visible(v);
        const issue = issues.find((x) => x.key.toLowerCase() === args.key.toLowerCase());
        if (!issue) throw unknownName('key', 'issue', args.key, issues.map((x) => x.key));
        return { scenario: v.scenario, issue: fullIssue(v, issue) };
      },
    }),
    defineTool({
      name: 'jira_list_sprints', family: 'jira', kind: 'read',
      description: 'Jira sprints (active, closed, future) with their dates, goal and issues; use it to see what each team worked on recently.',
      args: z.object({
        state: z.enum(sprintStates).optional().describe('Only sprints in this state: active, closed or future; all when omitted.'),
      }).strict(),
      run: async (args, ctx) => {
        const v = worlds.view(ctx.now());
        const issues = visible(v);
        const sprints = v.world.jira.sprints.filter((s) => args.state === undefined || s.state === args.state)
          .sort((a, b) => v.at(b.start).localeCompare(v.at(a.start)))
          .map((s) => {
            const page = capped(issues.filter((x) => x.sprint === s.id), SPRINT_ISSUE_CAP);
            return {
              id: s.id, name: s.name, state: s.state, start: v.at(s.start), end: v.at(s.end), goal: s.goal ?? null,
              total: page.total, truncated: page.truncated,
              issues: page.items.map((x) => ({ key: x.key, summary: x.summary, status: x.status, assignee: x.assignee })),
            };
          });
        return { scenario: v.scenario, sprints };
      },
    }),
  ];
}
