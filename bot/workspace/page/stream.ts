import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Lifecycle } from '../../../services/kit/http-app.js';
import type { StoreEvents, WorkspaceStore } from '../store.js';
import { pageChannel, visibleTo } from './views.js';

interface Client {
  userId: string;
  res: Response;
}

type Listener<K extends keyof StoreEvents> = (...args: StoreEvents[K]) => void;

/**
 * `GET /page/stream`: Server-Sent Events carrying the store's changes to one user's
 * page — messages and reactions in channels they are in, channels they can see, and
 * views opened on their screen. Events name no token (the store's `by` stays here).
 */
export function createPageStream(deps: { store: WorkspaceStore; log: Logger; lifecycle: Lifecycle; heartbeatMs?: number }) {
  const { store } = deps;
  const clients = new Set<Client>();

  const send = (client: Client, data: Record<string, unknown>) => {
    client.res.write(`data: ${JSON.stringify(data)}\n\n`);
  };
  const inChannel = (channelId: string, userId: string) => store.channel(channelId)?.members.includes(userId) ?? false;

  const onMessage: Listener<'message'> = ({ channel, message, kind }) => {
    for (const c of clients) if (inChannel(channel, c.userId)) send(c, { type: 'message', kind, channel, message });
  };
  const onReaction: Listener<'reaction'> = ({ channel, ts, user, name }) => {
    const message = store.message(channel, ts);
    for (const c of clients) if (inChannel(channel, c.userId)) send(c, { type: 'reaction', channel, ts, user, name, message });
  };
  const onChannel: Listener<'channel'> = ({ channel }) => {
    for (const c of clients) if (visibleTo(channel, c.userId)) send(c, { type: 'channel', channel: pageChannel(channel, c.userId) });
  };
  const onView: Listener<'view'> = ({ view, kind }) => {
    for (const c of clients) if (view.user_id === c.userId) send(c, { type: 'view', kind, view });
  };
  store.events.on('message', onMessage);
  store.events.on('reaction', onReaction);
  store.events.on('channel', onChannel);
  store.events.on('view', onView);

  const endAll = () => {
    for (const c of clients) c.res.end();
    clients.clear();
  };
  // A comment line now and then keeps idle proxies and the browser from dropping the stream.
  const heartbeat = setInterval(() => {
    for (const c of clients) c.res.write(': ping\n\n');
  }, deps.heartbeatMs ?? 15_000);
  // The server's close() waits for open responses; a stream never finishes by itself, so
  // end them as soon as the server starts draining rather than at its shutdown timeout.
  const drainWatch = setInterval(() => {
    if (deps.lifecycle.draining && clients.size > 0) endAll();
  }, 200);
  heartbeat.unref();
  drainWatch.unref();

  return {
    /** Opens a stream for the user whose token is in `Authorization: Bearer` (never the URL: URLs are logged). */
    handle(req: Request, res: Response, userId: string): void {
      const client: Client = { userId, res };
      clients.add(client);
      res.status(200).set({
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.flushHeaders();
      res.write('retry: 1000\n\n');
      send(client, { type: 'hello', user: userId });
      deps.log.debug({ userId, streams: clients.size }, 'page stream opened');
      req.on('close', () => clients.delete(client));
    },
    get size() {
      return clients.size;
    },
    close(): void {
      clearInterval(heartbeat);
      clearInterval(drainWatch);
      store.events.off('message', onMessage);
      store.events.off('reaction', onReaction);
      store.events.off('channel', onChannel);
      store.events.off('view', onView);
      endAll();
    },
  };
}
