import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../../../../services/kit/errors.js';
import type { Channel, User, View } from '../../model.js';
import type { WorkspaceStore } from '../../store.js';
import type { Dispatcher } from '../dispatcher.js';
import type { Responses } from '../responses.js';

export interface PageApiDeps {
  store: WorkspaceStore;
  dispatcher: Dispatcher;
  responses: Responses;
  log: Logger;
}

/** The person the page acts for, set by the router's auth step. */
export function actor(res: Response): User {
  return res.locals.user as User;
}

/** `http://host:port` as the page reached the workspace, for response URLs. */
export function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`;
}

/** A conversation the person can see: public ones, or ones they are in. */
export function visibleChannel(store: WorkspaceStore, idOrName: string, user: User): Channel {
  const channel = store.channel(idOrName);
  if (!channel || ((channel.is_private || channel.is_im) && !channel.members.includes(user.id))) {
    throw new AppError('channel_not_found', 404, `no conversation ${idOrName} that ${user.name} can see`);
  }
  return channel;
}

/** A view open on this person's screen. */
export function ownView(store: WorkspaceStore, id: string, user: User): View {
  const view = store.state.views[id];
  if (!view || view.user_id !== user.id) throw new AppError('view_not_found', 404, `no view ${id} is open for ${user.name}`);
  return view;
}

/** A view as payloads carry it: Slack's fields, without the workspace's own `user_id`. */
export function slackView(view: View): Record<string, unknown> {
  const { user_id: _user, ...rest } = view;
  return rest;
}
