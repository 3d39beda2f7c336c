import { jiraStatuses, type JiraIssue, type World } from '../../../chaos/scenario/world-schema.js';
import { ToolError } from '../registry/errors.js';
import { unknownName } from './shop.js';

/**
 * JQL-lite, the part of Jira's query language an investigator reaches for:
 * `field op value` clauses joined by AND, `in (a, b)`, `is EMPTY`, and `ORDER BY field [ASC|DESC]`.
 * A query with no operator is plain words, every one of which must appear in the issue.
 */
export const jqlFields = ['project', 'status', 'assignee', 'reporter', 'type', 'priority', 'labels', 'component', 'sprint', 'key', 'text', 'summary', 'description'] as const;
type Field = (typeof jqlFields)[number];
const ALIASES: Record<string, Field> = { issuetype: 'type', label: 'labels', components: 'component' };
export const orderFields = ['updated', 'created', 'priority', 'key'] as const;
type OrderField = (typeof orderFields)[number];

interface Clause { field: Field; op: '=' | '!=' | '~' | '!~' | 'in' | 'not in' | 'empty' | 'not empty'; values: string[] }
export interface JqlQuery { clauses: Clause[]; words: string[]; order: { field: OrderField; desc: boolean } }

const TOKEN = /"[^"]*"|'[^']*'|!=|!~|[=~(),]|[^\s=!~(),"']+/g;
const HOW = `JQL-lite: field op value joined by AND, e.g. project = ORD AND status = Open, assignee = alicia, text ~ pool, status in (Open, "In Progress"), ORDER BY updated DESC; fields: ${jqlFields.join(', ')}`;

const bad = (msg: string) => new ToolError('invalid_query', 400, `query: ${msg}. ${HOW}`, { field: 'query', valid: [...jqlFields] });
const unquote = (t: string) => (/^(["']).*\1$/.test(t) ? t.slice(1, -1) : t);
const isWord = (t: string | undefined, w: string) => t !== undefined && t.toLowerCase() === w;

export function parseJql(text: string): JqlQuery {
  const tokens = text.match(TOKEN) ?? [];
  const order: JqlQuery['order'] = { field: 'updated', desc: true };
  const looksJql = tokens.some((t) => ['=', '!=', '~', '!~'].includes(t)) || /\border\s+by\b|\b(in|is)\s*\(|\bis\s+(not\s+)?empty\b/i.test(text);
  if (!looksJql) return { clauses: [], words: text.toLowerCase().split(/\s+/).filter(Boolean), order };
  const clauses: Clause[] = [];
  let i = 0;
  const next = () => tokens[i++];
  while (i < tokens.length) {
    if (isWord(tokens[i], 'order') && isWord(tokens[i + 1], 'by')) {
      i += 2;
      const f = next()?.toLowerCase() ?? '';
      if (!(orderFields as readonly string[]).includes(f)) throw bad(`cannot ORDER BY "${f}"; one of ${orderFields.join(', ')}`);
      order.field = f as OrderField;
      const dir = tokens[i]?.toLowerCase();
      if (dir === 'asc' || dir === 'desc') i += 1;
      order.desc = dir !== 'asc';
      if (i < tokens.length) throw bad(`nothing may follow ORDER BY ${f}`);
      break;
    }
    if (clauses.length > 0) {
      const joiner = next();
      if (isWord(joiner, 'or')) throw bad('OR is not supported; use field in (a, b) or one search per alternative');
      if (!isWord(joiner, 'and')) throw bad(`expected AND between clauses, got "${joiner ?? ''}"`);
    }
    const rawField = next()?.toLowerCase() ?? '';
    const field = Object.hasOwn(ALIASES, rawField) ? ALIASES[rawField] ?? rawField : rawField;
    if (!(jqlFields as readonly string[]).includes(field)) throw bad(`unknown field "${rawField}"`);
    let op = next()?.toLowerCase() ?? '';
    if (op === 'not' && isWord(tokens[i], 'in')) [op, i] = ['not in', i + 1];
    if (op === 'is') {
      const negate = isWord(tokens[i], 'not');
      if (negate) i += 1;
      if (!isWord(next(), 'empty')) throw bad(`${field} is … takes EMPTY`);
      clauses.push({ field: field as Field, op: negate ? 'not empty' : 'empty', values: [] });
      continue;
    }
    if (op === 'in' || op === 'not in') {
      if (next() !== '(') throw bad(`${field} ${op} needs a list: ${field} ${op} (a, b)`);
      const values: string[] = [];
      for (let t = next(); t !== ')'; t = next()) {
        if (t === undefined) throw bad(`unclosed list after ${field} ${op}`);
        if (t !== ',') values.push(unquote(t));
      }
      clauses.push({ field: field as Field, op, values });
      continue;
    }
    if (!['=', '!=', '~', '!~'].includes(op)) throw bad(`expected =, !=, ~, in or is after ${field}, got "${op}"`);
    const value = next();
    if (value === undefined || ['(', ')', ','].includes(value)) throw bad(`${field} ${op} needs a value`);
    clauses.push({ field: field as Field, op: op as Clause['op'], values: [unquote(value)] });
  }
  return { clauses, words: [], order };
}

/** Every value the query names must exist in this world: a typo is an error with the valid names, not an empty result. */
export function checkValues(q: JqlQuery, w: World): void {
  const known: Partial<Record<Field, readonly string[]>> = {
    project: w.jira.projects.map((p) => p.key),
    status: jiraStatuses,
    assignee: w.oncall.people.map((p) => p.handle),
    reporter: w.oncall.people.map((p) => p.handle),
    type: [...new Set(w.jira.issues.map((x) => x.type))],
    priority: ['Highest', 'High', 'Medium', 'Low', 'Lowest'],
  };
  for (const c of q.clauses) {
    const valid = known[c.field];
    if (!valid || c.op === '~' || c.op === '!~') continue;
    for (const v of c.values) {
      if (!valid.some((k) => k.toLowerCase() === v.toLowerCase())) throw unknownName('query', `${c.field}`, v, valid);
    }
  }
}

export function issueText(x: JiraIssue, comments: readonly string[]): string {
  return [x.key, x.summary, x.description, ...x.labels, ...x.components, ...comments].join('\n').toLowerCase();
}

/** The values an issue has for a field (several for labels and components). */
function valuesOf(x: JiraIssue, field: Field, text: string, sprint: { id: number; name: string; state: string } | undefined): string[] {
  switch (field) {
    case 'project': return [x.key.split('-')[0] ?? ''];
    case 'assignee': return x.assignee === null ? [] : [x.assignee];
    case 'labels': return x.labels;
    case 'component': return x.components;
    case 'sprint': return sprint ? [String(sprint.id), sprint.name, sprint.state] : [];
    case 'text': return [text];
    default: return [String(x[field])];
  }
}

export function matches(q: JqlQuery, x: JiraIssue, text: string, sprint: { id: number; name: string; state: string } | undefined): boolean {
  if (!q.words.every((w) => text.includes(w))) return false;
  return q.clauses.every((c) => {
    const have = valuesOf(x, c.field, text, sprint).map((v) => v.toLowerCase());
    const want = c.values.map((v) => v.toLowerCase());
    switch (c.op) {
      case 'empty': return have.length === 0;
      case 'not empty': return have.length > 0;
      case '~': return want.every((v) => v.split(/\s+/).every((word) => have.some((h) => h.includes(word))));
      case '!~': return !want.every((v) => have.some((h) => h.includes(v)));
      case '=': case 'in': return want.some((v) => have.includes(v) || (c.field === 'text' && have.some((h) => h.includes(v))));
      case '!=': case 'not in': return !want.some((v) => have.includes(v));
    }
    return false;
  });
}
