import type { Logger } from 'pino';
import type { WebClient } from '@slack/web-api';
import { loadScenario } from '../../../chaos/scenario/load.js';
import type { Scenario } from '../../../chaos/scenario/schema.js';
import { hasWorld, loadWorld } from '../../../chaos/scenario/world.js';
import type { SlackAccess } from '../slack/credentials.js';
import type { Directory } from '../slack/directory.js';
import { catchUpMessages } from './history-catch-up.js';
import { importHistory } from './history-import.js';
import { planHistory, type Person } from './history.js';
import type { Prepared } from './loop.js';

export interface PrepareDeps {
  root: string;
  access: SlackAccess;
  client: WebClient;
  directory: Directory;
  log: Logger;
}

/** Everyone the story's messages may come from: the pack's on-call people and its personas. */
export function storyPeople(root: string, scenario: Scenario): Person[] {
  const { dir } = loadScenario(root, scenario.name);
  const oncall = hasWorld(dir) ? loadWorld(dir).oncall.people.map((p) => ({ handle: p.handle, name: p.name })) : [];
  const personas = scenario.personas.map((p) => ({ handle: p.handle, name: p.name }));
  return [...personas, ...oncall.filter((p) => !personas.some((q) => q.handle === p.handle))];
}

/**
 * Game start: the channels the story uses, with the days before the incident. The local
 * workspace takes the history with its real past times (its admin import); a real Slack
 * cannot backdate messages, so there each channel gets one labelled catch-up with the
 * original times. Returns the story's live messages for the game loop to post on time.
 */
export async function prepareWorkspace(deps: PrepareDeps, scenario: Scenario, injectedAt: Date): Promise<Prepared> {
  const { dir } = loadScenario(deps.root, scenario.name);
  const world = hasWorld(dir) ? loadWorld(dir) : undefined;
  const history = world?.slack ?? { channels: [] };
  const plan = planHistory(history, injectedAt, storyPeople(deps.root, scenario));
  const pastTs: Record<string, string[]> = {};
  await deps.directory.ensureChannel(scenario.briefing.channel);
  if (deps.access.admin) {
    const imported = await importHistory({ workspaceUrl: deps.access.admin.url, adminSecret: deps.access.admin.secret, imports: plan.imports });
    for (const c of imported) pastTs[c.channel] = c.ts;
    deps.directory.forget();
  } else {
    for (const c of catchUpMessages(history, injectedAt)) {
      const channel = await deps.directory.ensureChannel(c.channel);
      await deps.client.chat.postMessage({ channel, text: c.text, unfurl_links: false });
    }
  }
  for (const c of new Set(plan.live.map((m) => m.channel))) await deps.directory.ensureChannel(c);
  deps.log.info({ scenario: scenario.name, imported: plan.imports.reduce((n, b) => n + b.messages.length, 0), live: plan.live.length, mode: deps.access.kind }, 'workspace prepared for the game');
  return { live: plan.live, pastTs };
}
