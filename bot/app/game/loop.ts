import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import type { Scenario } from '../../../chaos/scenario/schema.js';
import type { Briefing } from '../../desk/briefing.js';

import type { LiveMessage } from './history.js';

/** A story message as the game keeps it: when it is due, its thread, and once posted its ts. */
export interface LiveState {
  channel: string;
  user: string;
  text: string;
  at: string;
  replyTo?: LiveMessage['replyTo'];
  ts?: string;
}

/** What preparing the workspace gave: the story's live messages and the ts of each imported past message per channel. */
export interface Prepared {
  live: LiveMessage[];
  pastTs: Record<string, string[]>;
}

/** What the bot has done for the current game; kept on disk so a restarted bot neither repeats nor forgets. */
export interface GameState {
  run: string | undefined;
  scenario: string | undefined;
  injectedAt: string | undefined;
  prepared: boolean;
  pagePosted: boolean;
  live: LiveState[];
  pastTs: Record<string, string[]>;
}

/** How long the page may wait after the alert fired for its other times to be filled. */
const PAGE_WAIT_MS = 30_000;

const EMPTY: GameState = { run: undefined, scenario: undefined, injectedAt: undefined, prepared: false, pagePosted: false, live: [], pastTs: {} };

export function createStateFile(file: string) {
  return {
    load(): GameState {
      try {
        return { ...EMPTY, ...(JSON.parse(readFileSync(file, 'utf8')) as Partial<GameState>) };
      } catch {
        return { ...EMPTY };
      }
    },
    save(state: GameState): void {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2));
      renameSync(`${file}.tmp`, file);
    },
  };
}

export interface GameLoopDeps {
  briefing(): Promise<Briefing>;
  scenario(name: string): Scenario;
  /** Channels and their past days (imported or caught up); returns the story's live messages. */
  prepare(scenario: Scenario, injectedAt: Date): Promise<Prepared>;
  /** Posts a story message (in its thread when `threadTs` is given); returns its ts. */
  postLive(scenario: Scenario, message: { channel: string; user: string; text: string }, threadTs: string | undefined): Promise<string>;
  postPage(briefing: Briefing): Promise<void>;
  /** The process coach's periodic look at the journal (status-update nudges). */
  coach(): Promise<void>;
  state: ReturnType<typeof createStateFile>;
  now(): Date;
  log: Logger;
}

/**
 * The game as the bot plays it, one tick at a time: a new chaos run prepares the
 * workspace; the story's live messages go out at their times; the page is posted once the
 * pager has really opened the incident (the briefing then carries alertFiredAt).
 */
export function createGameLoop(deps: GameLoopDeps) {
  let state = deps.state.load();
  let current: Scenario | undefined = state.scenario ? safeScenario(deps, state.scenario) : undefined;

  const save = () => deps.state.save(state);

  async function tick(): Promise<void> {
    const b = await deps.briefing();
    if (b.run && b.scenario && b.injectedAt && b.run !== state.run) {
      current = deps.scenario(b.scenario);
      state = { ...EMPTY, run: b.run, scenario: b.scenario, injectedAt: b.injectedAt };
      save();
      deps.log.info({ run: b.run, scenario: b.scenario }, 'new game: preparing the workspace');
      const prepared = await deps.prepare(current, new Date(b.injectedAt));
      state.live = prepared.live.map((m) => ({ channel: m.channel, user: m.user, text: m.text, at: m.at.toISOString(), ...(m.replyTo ? { replyTo: m.replyTo } : {}) }));
      state.pastTs = prepared.pastTs;
      state.prepared = true;
      save();
    }
    if (!current || !state.prepared) return;
    for (const m of state.live) {
      if (m.ts !== undefined || Date.parse(m.at) > deps.now().getTime()) continue;
      // A reply whose parent is not there (a real workspace has no imported past) goes top level.
      const parent = m.replyTo?.kind === 'past' ? state.pastTs[m.channel]?.[m.replyTo.index] : m.replyTo?.kind === 'live' ? state.live[m.replyTo.index]?.ts : undefined;
      m.ts = await deps.postLive(current, { channel: m.channel, user: m.user, text: m.text }, parent);
      save();
    }
    // The page waits for its times to be known (Prometheus may lag the pager a little), but not for long.
    const fired = b.times.alertFiredAt === undefined ? undefined : Date.parse(b.times.alertFiredAt);
    const complete = !b.text.includes('(not yet)') || (fired !== undefined && deps.now().getTime() - fired > PAGE_WAIT_MS);
    if (!state.pagePosted && b.run === state.run && fired !== undefined && complete) {
      await deps.postPage(b);
      state.pagePosted = true;
      save();
    }
    await deps.coach();
  }

  return {
    tick,
    /** The scenario of the game being played, for the coworkers. */
    current: () => current,
    injectedAt: () => (state.injectedAt ? new Date(state.injectedAt) : undefined),
    /** Ticks every `everyMs` until stopped; a failing tick is logged and retried next time. */
    run(everyMs: number): { stop(): Promise<void> } {
      let stopped = false;
      let running: Promise<void> = Promise.resolve();
      const loop = async () => {
        while (!stopped) {
          running = tick().catch((err: unknown) => deps.log.warn({ err }, 'game tick failed; retrying'));
          await running;
          await new Promise((r) => setTimeout(r, everyMs));
        }
      };
      void loop();
      return {
        stop: async () => {
          stopped = true;
          await running;
        },
      };
    },
  };
}

function safeScenario(deps: GameLoopDeps, name: string): Scenario | undefined {
  try {
    return deps.scenario(name);
  } catch (err) {
    deps.log.warn({ err, scenario: name }, 'the saved game\'s scenario no longer loads');
    return undefined;
  }
}
