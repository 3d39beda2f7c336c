import type { Express, Request } from 'express';
import express from 'express';
import { z } from 'zod';
import { AppError } from '../../services/kit/errors.js';
import { parseInput } from '../../services/kit/validate.js';
import type { WorkspaceDeps } from './app.js';
import { tsAt } from './ids.js';
import type { Message, User } from './model.js';
import { makeUser } from './store.js';

const name = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,79}$/, 'expected a lowercase Slack name');

export const importSchema = z.object({
  channel: name.describe('Channel name (without #); created when absent.'),
  topic: z.string().optional(),
  messages: z.array(z.object({
    user: name.describe('Who wrote it: a workspace user name; created when absent.'),
    realName: z.string().optional(),
    text: z.string().min(1).max(40_000),
    at: z.iso.datetime({ offset: true }).describe('When it was written (ISO 8601), in the past.'),
    /** Index (in this list) of the message this one replies to. */
    replyTo: z.number().int().min(0).optional(),
    reactions: z.array(z.object({ name: z.string().regex(/^[a-z0-9_+-]+$/), users: z.array(name).min(1) })).optional(),
  }).strict()).min(1).max(5000),
}).strict();

const tokenSchema = z.object({
  kind: z.enum(['bot', 'user']),
  user: name.optional().describe('For a user token: whose.'),
  scopes: z.array(z.string().min(1)),
  label: z.string().min(1).max(80),
}).strict();

const appSchema = z.object({ request_url: z.url().nullable() }).strict();

/**
 * Admin endpoints: not Slack's API, the lab's. History import (messages with past times,
 * so channels show the days before the incident), token minting with chosen scopes, and
 * switching the app to HTTP event delivery. They need the workspace's admin secret.
 */
export function mountAdmin(app: Express, deps: WorkspaceDeps): void {
  const { store } = deps;
  const router = express.Router();
  router.use(express.json({ limit: '10mb' }));
  router.use((req: Request, _res, next) => {
    const given = req.get('x-firedrill-admin') ?? /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (given !== store.state.adminSecret) return next(new AppError('admin_auth', 401, 'admin endpoints need the workspace admin secret (adminSecret in the workspace credentials.json) in x-firedrill-admin'));
    next();
  });

  const userNamed = (handle: string, realName?: string): User => {
    const existing = store.userByName(handle);
    if (existing) return existing;
    const user = makeUser(store.state.team.id, handle, realName ?? handle);
    store.state.users.push(user);
    store.changed();
    return user;
  };

  router.post('/import', (req, res) => {
    const body = parseInput(importSchema, req.body, 'import');
    const future = body.messages.findIndex((m) => Date.parse(m.at) > store.now().getTime());
    if (future >= 0) throw new AppError('invalid_request', 400, `messages[${future}].at is in the future; history import is for the past`);
    const bad = body.messages.findIndex((m, i) => m.replyTo !== undefined && m.replyTo >= i);
    if (bad >= 0) throw new AppError('invalid_request', 400, `messages[${bad}].replyTo must point to an earlier message of the list`);
    let channel = store.channel(body.channel);
    if (!channel) {
      const created = Math.floor(store.now().getTime() / 1000);
      channel = {
        id: `C${Math.random().toString(36).slice(2, 12).toUpperCase()}`, name: body.channel, is_channel: true, is_im: false, is_private: false, is_archived: false,
        created, creator: '', members: [store.state.app.bot_user_id], topic: { value: body.topic ?? '', creator: '', last_set: created }, purpose: { value: '', creator: '', last_set: 0 },
      };
      store.addChannel(channel);
    }
    const stamps: string[] = [];
    body.messages.forEach((m, i) => {
      const user = userNamed(m.user, m.realName);
      if (!channel.members.includes(user.id)) channel.members.push(user.id);
      const ts = tsAt(new Date(m.at), (i + 1) * 7 + 100);
      stamps.push(ts);
      const parent = m.replyTo === undefined ? undefined : stamps[m.replyTo];
      const message: Message = {
        type: 'message', ts, channel: channel.id, user: user.id, text: m.text, team: store.state.team.id,
        ...(parent ? { thread_ts: parent } : {}),
        ...(m.reactions ? { reactions: m.reactions.map((r) => ({ name: r.name, users: r.users.map((u) => userNamed(u).id), count: r.users.length })) } : {}),
      };
      store.addMessage(message, undefined);
    });
    res.status(201).json({ channel: channel.id, imported: stamps.length, ts: stamps });
  });

  router.post('/tokens', (req, res) => {
    const body = parseInput(tokenSchema, req.body, 'token request');
    const userId = body.kind === 'bot' ? store.state.app.bot_user_id : body.user ? store.userByName(body.user)?.id : undefined;
    if (!userId) throw new AppError('invalid_request', 400, `user: a user token needs an existing user name (${store.state.users.map((u) => u.name).join(', ')})`);
    const record = store.mintToken(body.kind, userId, body.scopes, body.label);
    res.status(201).json({ token: record.token, kind: record.kind, user_id: record.user_id, scopes: record.scopes, label: record.label });
  });

  router.post('/app', (req, res) => {
    const body = parseInput(appSchema, req.body, 'app settings');
    if (body.request_url === null) delete store.state.app.request_url;
    else store.state.app.request_url = body.request_url;
    store.changed();
    res.json({ app: { id: store.state.app.id, request_url: store.state.app.request_url ?? null } });
  });

  app.use('/admin', router);
}
