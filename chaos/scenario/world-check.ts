import { shopServices } from '../../lab/shop-repo/repo.js';
import { didYouMean } from './suggest.js';
import { addressOf, doneStatuses, type World } from './world-schema.js';
import { resolveOffset } from './world-time.js';

// An end must follow its start whatever the time of day: "-1d 23:00" → "+2h" holds at noon, not at 23:30.
const REFERENCES = [new Date('2026-01-15T00:30:00Z'), new Date('2026-01-15T23:30:00Z')];
const ordered = (start: string, end: string) => REFERENCES.every((now) => resolveOffset(start, now) < resolveOffset(end, now));

function duplicates<T>(items: readonly T[], keyOf: (t: T) => string): Array<[number, string]> {
  const seen = new Set<string>();
  return items.flatMap((item, i) => {
    const k = keyOf(item);
    if (seen.has(k)) return [[i, k] as [number, string]];
    seen.add(k);
    return [];
  });
}

/**
 * What one file's schema cannot see: people, sprints, rotations, tickets and addresses
 * that must exist in this world or be unique in it. Each problem names its file and path.
 */
export function crossCheckWorld(w: World): string[] {
  const problems: string[] = [];
  const at = (file: string, path: string, msg: string) => problems.push(`world/${file}.yaml: ${path}: ${msg}`);
  const handles = w.oncall.people.map((p) => p.handle);
  const person = (file: string, path: string, h: string | null) => {
    if (h !== null && !handles.includes(h)) at(file, path, `unknown person "${h}"${didYouMean(h, handles)} (people are listed in world/oncall.yaml)`);
  };

  for (const [i, h] of duplicates(w.oncall.people, (p) => p.handle)) at('oncall', `people[${i}].handle`, `"${h}" is listed twice`);
  for (const [i, id] of duplicates(w.oncall.schedules, (s) => s.id)) at('oncall', `schedules[${i}].id`, `"${id}" is used twice`);
  w.oncall.schedules.forEach((s, si) => {
    const layers = s.layers.map((l) => l.name);
    for (const [li, n] of duplicates(s.layers, (l) => l.name)) at('oncall', `schedules[${si}].layers[${li}].name`, `"${n}" is used twice`);
    s.layers.forEach((l, li) => l.members.forEach((m, mi) => person('oncall', `schedules[${si}].layers[${li}].members[${mi}]`, m)));
    s.overrides.forEach((o, oi) => {
      const p = `schedules[${si}].overrides[${oi}]`;
      if (!layers.includes(o.layer)) at('oncall', `${p}.layer`, `no layer "${o.layer}" in schedule ${s.id}${didYouMean(o.layer, layers)}`);
      person('oncall', `${p}.who`, o.who);
      if (!ordered(o.start, o.end)) at('oncall', `${p}.end`, `"${o.end}" must come after start "${o.start}"`);
    });
  });

  const projects = w.jira.projects.map((p) => p.key);
  const keys = w.jira.issues.map((i) => i.key);
  const sprintIds = w.jira.sprints.map((s) => s.id);
  for (const [i, k] of duplicates(w.jira.projects, (p) => p.key)) at('jira', `projects[${i}].key`, `"${k}" is listed twice`);
  w.jira.projects.forEach((p, i) => person('jira', `projects[${i}].lead`, p.lead));
  for (const [i, id] of duplicates(w.jira.sprints, (s) => String(s.id))) at('jira', `sprints[${i}].id`, `${id} is used twice`);
  w.jira.sprints.forEach((s, i) => {
    if (!ordered(s.start, s.end)) at('jira', `sprints[${i}].end`, `"${s.end}" must come after start "${s.start}"`);
  });
  if (w.jira.sprints.filter((s) => s.state === 'active').length > 1) at('jira', 'sprints', 'at most one sprint is active');
  for (const [i, k] of duplicates(w.jira.issues, (x) => x.key)) at('jira', `issues[${i}].key`, `"${k}" is used twice`);
  w.jira.issues.forEach((x, i) => {
    const p = `issues[${i}]`;
    const project = x.key.split('-')[0] ?? '';
    if (!projects.includes(project)) at('jira', `${p}.key`, `no project ${project}${didYouMean(project, projects)}; add it to projects`);
    if (x.sprint !== undefined && !sprintIds.includes(x.sprint)) at('jira', `${p}.sprint`, `no sprint ${x.sprint}; sprints are ${sprintIds.join(', ') || 'none'}`);
    person('jira', `${p}.assignee`, x.assignee);
    person('jira', `${p}.reporter`, x.reporter);
    x.comments.forEach((c, ci) => person('jira', `${p}.comments[${ci}].author`, c.author));
    x.links.forEach((l, li) => {
      if (l.issue !== undefined && !keys.includes(l.issue)) at('jira', `${p}.links[${li}].issue`, `no issue ${l.issue}${didYouMean(l.issue, keys)}`);
    });
    const done = doneStatuses.includes(x.status);
    if (done && x.resolved === undefined) at('jira', `${p}.resolved`, `a ${x.status} issue needs resolved (when it was closed)`);
    if (!done && x.resolved !== undefined) at('jira', `${p}.resolved`, `only Done or Won't Do issues have resolved; this one is ${x.status}`);
  });

  const rotations = w.oncall.schedules.map((s) => s.id);
  const pages = [...w.wiki.pages, w.wiki.catalog];
  for (const [i, id] of duplicates(pages, (p) => p.id)) at('wiki', i === w.wiki.pages.length ? 'catalog.id' : `pages[${i}].id`, `"${id}" is used twice`);
  for (const [i, t] of duplicates(pages, (p) => p.title.toLowerCase())) at('wiki', i === w.wiki.pages.length ? 'catalog.title' : `pages[${i}].title`, `"${t}" is used twice`);
  w.wiki.pages.forEach((p, i) => person('wiki', `pages[${i}].author`, p.author));
  person('wiki', 'catalog.author', w.wiki.catalog.author);
  const services = w.wiki.catalog.services;
  for (const [i, n] of duplicates(services, (s) => s.name)) at('wiki', `catalog.services[${i}].name`, `"${n}" is listed twice`);
  services.forEach((s, i) => {
    if (!rotations.includes(s.rotation)) at('wiki', `catalog.services[${i}].rotation`, `no on-call schedule "${s.rotation}"${didYouMean(s.rotation, rotations)} (schedules are in world/oncall.yaml)`);
  });
  const missing = shopServices.filter((s) => !services.some((c) => c.name === s));
  if (missing.length > 0) at('wiki', 'catalog.services', `the shop's own services must be listed; missing ${missing.join(', ')}`);

  for (const [i, a] of duplicates(w.terraform.resources, addressOf)) at('terraform', `resources[${i}]`, `address ${a} is used twice`);
  w.terraform.resources.forEach((r, i) => {
    if (!r.change) return;
    person('terraform', `resources[${i}].change.by`, r.change.by);
    if (r.change.ticket !== undefined && !keys.includes(r.change.ticket)) at('terraform', `resources[${i}].change.ticket`, `no issue ${r.change.ticket} in world/jira.yaml${didYouMean(r.change.ticket, keys)}`);
  });
  return problems;
}
