import type { Channel, User } from '../model.js';
import type { WorkspaceStore } from '../store.js';
import { verificationToken } from './signing.js';

/** Where a channel sits in Slack's event taxonomy (`channel_type` on message events). */
export function channelType(channel: Channel): 'channel' | 'group' | 'im' {
  if (channel.is_im) return 'im';
  return channel.is_private ? 'group' : 'channel';
}

/** The fields every interactive payload repeats: the app, the team, the verification token. */
export function interactionBase(store: WorkspaceStore): Record<string, unknown> {
  const { app, team } = store.state;
  return {
    token: verificationToken(app.signing_secret), api_app_id: app.id, team: { id: team.id, domain: team.domain },
    enterprise: null, is_enterprise_install: false,
  };
}

/** A user as interactive payloads name them. */
export function userRef(user: User): Record<string, unknown> {
  return { id: user.id, username: user.name, name: user.name, team_id: user.team_id };
}

/** A Slack-style event or action timestamp for now. */
export function nowTs(): string {
  return (Date.now() / 1000).toFixed(6);
}
