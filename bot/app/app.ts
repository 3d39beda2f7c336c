import { join } from 'node:path';
import type { Express } from 'express';
import { loadScenario } from '../../chaos/scenario/load.js';
import type { Scenario } from '../../chaos/scenario/schema.js';
import { createServiceApp } from '../../services/kit/http-app.js';
import type { ServiceBase } from '../../services/kit/service-base.js';
import { createDeskClient } from '../desk/client.js';
import type { BotConfig } from './config.js';
import { createConversation } from './conversation.js';
import { createCoachWatch } from './coach-watch.js';
import { createJournalClient, followJournal } from './desk-journal.js';
import { runDrill } from './drill/drill.js';
import { createGameLoop, createStateFile } from './game/loop.js';
import { prepareWorkspace } from './game/prepare.js';
import { createFactSource } from './personas/facts.js';
import { addressedPersonas, classifyIntent } from './personas/intent.js';
import { createLookups } from './personas/lookups.js';
import { respond } from './personas/respond.js';
import type { Persona } from './personas/types.js';
import { connectBolt } from './slack/connect.js';
import type { SlackAccess } from './slack/credentials.js';
import { createDirectory } from './slack/directory.js';
import { listen } from './slack/listeners.js';
import { createBotMetrics } from './metrics.js';
import { createModelWording, plainWording } from './wording/model.js';
import { readReportForm, reportModal } from './report-form.js';
import { createReportPoster } from './report-poster.js';
import { createReportThreads, type Reporter } from './report-thread.js';
import type { IncidentReport } from '../desk/tools/report.js';

/** What `make chaos` injects when no SCENARIO is given. */
export const DEFAULT_SCENARIO = 'storefront-offline';

export interface BotDeps {
  base: ServiceBase;
  config: BotConfig;
  access: SlackAccess;
  /** The clone's root: scenario packs live under chaos/scenarios. */
  root: string;
  now?: () => Date;
}

export interface Bot {
  express: Express;
  /** Connects to Slack (Socket Mode) and starts playing the game. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The bot: a Bolt app whose listeners hand messages to the coworkers' engine and /drill to
 * its commands, and a game loop that prepares the workspace, posts the story and the page,
 * and coaches. Its HTTP server carries /healthz, /metrics and, in HTTP mode, /slack/events.
 */
export async function createBot(deps: BotDeps): Promise<Bot> {
  const { base, config, access, root } = deps;
  const log = base.log;
  const now = deps.now ?? (() => new Date());
  const bolt = connectBolt(access, config.mode, log);
  const client = bolt.app.client;
  const auth = await client.auth.test();
  const botUserId = auth.user_id ?? '';
  const directory = createDirectory(client, { channelPrefix: config.channelPrefix });
  const desk = createDeskClient(config.deskUrl, { timeoutMs: 30_000 });
  const journal = createJournalClient(config.deskUrl);
  const journalSoFar = followJournal(journal);
  const scenarioNamed = (name: string): Scenario => loadScenario(root, name).scenario;
  // Between games the coworkers of the scenario `make chaos` injects by default still answer questions.
  const between = scenarioNamed(DEFAULT_SCENARIO);
  const cast = () => game.current() ?? between;
  const wording = config.llm ? createModelWording(config.llm, log) : plainWording;
  const metrics = createBotMetrics(base.metrics.registry);

  const postAs = async (who: { name: string; icon: string }, channel: string, text: string, threadTs: string | undefined) => {
    const posted = await client.chat.postMessage({ channel, text, username: who.name, icon_emoji: who.icon, ...(threadTs ? { thread_ts: threadTs } : {}), unfurl_links: false });
    return posted.ts ?? '';
  };

  const game = createGameLoop({
    briefing: () => desk.briefing(),
    scenario: scenarioNamed,
    async prepare(scenario, injectedAt) {
      const prepared = await prepareWorkspace({ root, access, client, directory, log }, scenario, injectedAt);
      await journal.event({ event: 'prepared', text: `game prepared: ${scenario.name}, injected at ${injectedAt.toISOString()}` });
      return prepared;
    },
    async postLive(scenario, m, threadTs) {
      const persona = scenario.personas.find((p) => p.handle === m.user);
      const channel = await directory.ensureChannel(m.channel);
      return postAs({ name: persona?.name ?? m.user, icon: persona?.icon ?? ':bust_in_silhouette:' }, channel, m.text, threadTs);
    },
    async postPage(b) {
      const channel = await directory.ensureChannel(b.channel);
      const posted = await client.chat.postMessage({ channel, text: b.text, unfurl_links: false });
      await journal.event({ event: 'page', text: `page posted in #${b.channel} (ts ${posted.ts ?? '?'})` });
      log.info({ channel: b.channel, alertFiredAt: b.times.alertFiredAt }, 'page posted');
    },
    coach: async () => {
      // One incremental read of the journal per tick, for both.
      const entries = await journalSoFar();
      await coach.check(entries);
      await reportPoster.check(entries);
    },
    state: createStateFile(join(config.stateDir, 'bot', 'game.json')),
    now,
    log,
  });

  const coach = createCoachWatch({
    journal, desk: config.deskUrl, log,
    nudge: async (text) => {
      const channel = await directory.ensureChannel(game.current()?.briefing.channel ?? 'incidents');
      await postAs({ name: 'firedrill coach', icon: ':stopwatch:' }, channel, text, undefined);
    },
  });

  const incidentChannel = () => directory.ensureChannel(game.current()?.briefing.channel ?? 'incidents');
  const reportPoster = createReportPoster({ deskUrl: config.deskUrl, client, channel: incidentChannel, log });

  const facts = createFactSource(createLookups({ desk, partnersUrl: config.partnersUrl, persona: 'coworkers' }), { now, injectedAt: game.injectedAt });
  const conversation = createConversation({
    classify: classifyIntent,
    addressedIn: addressedPersonas,
    respond: (msg) => respond({ scenario: cast(), facts, injectedAt: game.current() ? game.injectedAt() : undefined, now: now() }, msg),
    personas: () => cast().personas,
    journal,
    say: async (persona: Persona, channel, threadTs, text) => {
      const worded = await wording(persona, text);
      const ts = await postAs({ name: persona.name, icon: persona.icon }, channel, worded, threadTs);
      return { ts, text: worded };
    },
    log,
  });

  /** A person's report, from the modal or the thread, goes to the desk under their name; the channel hears the outcome. */
  const submitReport = async (report: IncidentReport, who: Reporter) => {
    const answer = await desk.callTool('incident_submit_report', report, { kind: 'slack', name: who.userName, via: 'slack' });
    const text = answer.ok
      ? `Report received from ${who.userName}; the graded report follows as a file.`
      : `The report could not be submitted: ${answer.error.message}`;
    await client.chat.postMessage({ channel: who.channelId, text });
  };
  const reportThreads = createReportThreads({
    say: (channel, threadTs, text) => postAs({ name: 'firedrill', icon: ':memo:' }, channel, text, threadTs),
    submit: submitReport,
  });

  listen(bolt.app, {
    directory, botUserId, log,
    personaHandles: () => cast().personas.map((p) => p.handle),
    onMessage: async (m) => {
      if (reportThreads.owns(m)) {
        // An answer to the report's questions is part of the record (before the submission it may lead to), not a message for the coworkers.
        await journal.message({ channel: m.channel, user: m.userName, text: m.text, ts: m.ts, ...(m.threadTs ? { threadTs: m.threadTs } : {}), intent: 'report' });
        await reportThreads.answer(m);
        return;
      }
      const said = await conversation(m);
      metrics.messages.inc({ channel: m.channel === 'dm' ? 'dm' : 'channel' });
      for (const r of said) metrics.replies.inc({ persona: r.persona, verdict: r.verdict });
    },
    onDrill: (input) => runDrill({ text: input.text, userId: input.userId, userName: input.userName }, {
      desk,
      journal: () => journal.read(),
      record: async (e) => {
        await journal.event(e);
      },
      scenario: (name) => {
        try {
          return scenarioNamed(name);
        } catch {
          return undefined;
        }
      },
      now,
    }),
    reportView: (channelId) => reportModal(channelId),
    onReport: async ({ values, userId, userName, channelId }) => {
      const form = readReportForm(values);
      if (!form.ok) return form.errors;
      // Accepted at once (Slack wants the ack in 3 s); the desk builds the graded report meanwhile, and the poster uploads it.
      void submitReport(form.report, { userId, userName, channelId }).catch((err: unknown) => log.error({ err }, 'report submission failed'));
      return undefined;
    },
    onReportThread: (who) => reportThreads.start(who),
  });

  let connected = false;
  const readiness = [{ name: 'slack', check: async () => {
    if (!connected) throw new Error('not connected to Slack yet');
  } }];
  // No body parsers: Bolt verifies Slack's signature over the raw body in HTTP mode.
  const express = createServiceApp({ base, parsers: [], readiness }, (app) => {
    if (bolt.router) app.use(bolt.router);
    app.get('/game', (_req, res) => {
      res.json({ scenario: game.current()?.name ?? null, injectedAt: game.injectedAt()?.toISOString() ?? null, slack: access.kind, mode: config.mode });
    });
  });

  let loop: { stop(): Promise<void> } | undefined;
  return {
    express,
    async start() {
      await bolt.start();
      connected = true;
      loop = game.run(config.pollMs);
      log.info({ slack: access.kind, mode: config.mode, botUserId }, 'bot connected; playing the coworkers');
    },
    async close() {
      await loop?.stop();
      await bolt.stop();
    },
  };
}
