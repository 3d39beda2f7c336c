import type { Channel, User, WorkspaceState } from '../model.js';

/**
 * A channel as the page sees it: conversations.list's shape (is_member, num_members),
 * without the member list. A DM's `user` is the other person as seen by this user (the
 * store keeps it as seen by whoever opened the DM).
 */
export function pageChannel(channel: Channel, userId: string): Record<string, unknown> {
  const { members, ...rest } = channel;
  const other = channel.is_im ? { user: members.find((m) => m !== userId) ?? userId } : {};
  return { ...rest, ...other, is_member: members.includes(userId), num_members: members.length };
}

/** Whether a user may see that a channel exists: public ones, or ones they are in. */
export function visibleTo(channel: Channel, userId: string): boolean {
  return (!channel.is_private && !channel.is_im) || channel.members.includes(userId);
}

export interface Bootstrap {
  ok: true;
  team: WorkspaceState['team'];
  app: { id: string; name: string; bot_id: string; bot_user_id: string };
  self: { id: string; token: string };
  users: User[];
  channels: Record<string, unknown>[];
}

/** What the page needs before its first Web API call: who it acts as, and the people and channels to draw. */
export function bootstrap(state: WorkspaceState, self: { id: string; token: string }): Bootstrap {
  const { app, team } = state;
  return {
    ok: true, team,
    app: { id: app.id, name: app.name, bot_id: app.bot_id, bot_user_id: app.bot_user_id },
    self,
    users: state.users,
    channels: state.channels.filter((c) => visibleTo(c, self.id)).map((c) => pageChannel(c, self.id)),
  };
}
