import express, { type Router } from 'express';
import type { Logger as Pino } from 'pino';
import { App, ExpressReceiver, LogLevel, type Logger, type SocketModeReceiver } from '@slack/bolt';
import type { SlackAccess } from './credentials.js';

export interface BoltConnection {
  app: App;
  /** HTTP mode: the router serving POST /slack/events, to mount on the bot's own server. */
  router: Router | undefined;
  /** Socket Mode: opens the WebSocket; HTTP mode: nothing to open (the bot's server carries the router). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Bolt's logger interface over the bot's pino logger; tokens never reach it (Bolt does not log them). */
function boltLogger(log: Pino): Logger {
  let level = LogLevel.INFO;
  return {
    debug: (...msg) => log.debug({ bolt: true }, msg.map(String).join(' ')),
    info: (...msg) => log.info({ bolt: true }, msg.map(String).join(' ')),
    warn: (...msg) => log.warn({ bolt: true }, msg.map(String).join(' ')),
    error: (...msg) => log.error({ bolt: true }, msg.map(String).join(' ')),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/**
 * The real @slack/bolt App, the same code against Slack and the local workspace: only the
 * API URL and tokens differ. Socket Mode by default; HTTP mode verifies Slack's request
 * signature on every POST to /slack/events.
 */
export function connectBolt(access: SlackAccess, mode: 'socket' | 'http', log: Pino): BoltConnection {
  const clientOptions = { ...(access.apiUrl ? { slackApiUrl: access.apiUrl } : {}), retryConfig: { retries: 2 } };
  const logger = boltLogger(log);
  if (mode === 'socket') {
    if (!access.appToken) throw new Error('Socket Mode needs an app-level token (SLACK_APP_TOKEN, xapp-...); or set BOT_MODE=http');
    const app = new App({ token: access.botToken, appToken: access.appToken, socketMode: true, clientOptions, logger, logLevel: LogLevel.INFO });
    const { client } = (app as unknown as { receiver: SocketModeReceiver }).receiver;
    // @slack/socket-mode 2.x reconnects with `this.start().then(...)` and never handles that
    // promise: a disconnect during a reconnect (the workspace restarting) would surface as an
    // unhandled rejection and kill the bot. Give each start() a handler; awaiting callers still see it.
    const start = client.start.bind(client);
    client.start = () => {
      const started = start();
      started.catch((err: unknown) => log.warn({ err }, 'socket mode reconnect failed; retrying'));
      return started;
    };
    return {
      app, router: undefined,
      start: async () => {
        await app.start();
      },
      stop: async () => {
        const closed = new Promise<void>((resolve) => {
          client.once('disconnected', () => resolve());
          setTimeout(resolve, 3000).unref();
        });
        await app.stop();
        await closed;
      },
    };
  }
  if (!access.signingSecret) throw new Error('HTTP mode needs the signing secret (SLACK_SIGNING_SECRET)');
  const router = express.Router();
  const receiver = new ExpressReceiver({ signingSecret: access.signingSecret, router, endpoints: '/slack/events', logger, processBeforeResponse: false });
  const app = new App({ token: access.botToken, receiver, clientOptions, logger });
  return { app, router, start: async () => undefined, stop: async () => undefined };
}
