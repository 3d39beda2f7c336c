/**
 * The workspace's data, shaped as Slack's Web API returns it (field names included), so
 * a method can answer with a record as it is stored.
 */
export interface Profile {
  real_name: string;
  display_name: string;
  image_48: string;
  image_72: string;
  email?: string;
  bot_id?: string;
}

export interface User {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  is_bot: boolean;
  is_app_user: boolean;
  deleted: boolean;
  tz: string;
  profile: Profile;
}

export interface Channel {
  id: string;
  name: string;
  is_channel: boolean;
  is_im: boolean;
  is_private: boolean;
  is_archived: boolean;
  created: number;
  creator: string;
  /** For a DM: the other user. */
  user?: string;
  members: string[];
  topic: { value: string; creator: string; last_set: number };
  purpose: { value: string; creator: string; last_set: number };
}

export interface Reaction {
  name: string;
  users: string[];
  count: number;
}

export interface FileRef {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  size: number;
  url_private: string;
}

export interface Message {
  type: 'message';
  ts: string;
  channel: string;
  user?: string;
  bot_id?: string;
  app_id?: string;
  subtype?: string;
  /** Persona overrides (chat:write.customize). */
  username?: string;
  icons?: { emoji?: string; image_48?: string; image_72?: string };
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  thread_ts?: string;
  reply_count?: number;
  reply_users?: string[];
  latest_reply?: string;
  reactions?: Reaction[];
  edited?: { user: string; ts: string };
  files?: FileRef[];
  team: string;
}

export type TokenKind = 'bot' | 'app' | 'user';

export interface TokenRecord {
  token: string;
  kind: TokenKind;
  /** The user the token acts as (the bot user for a bot token; none for an app-level token). */
  user_id: string | undefined;
  scopes: string[];
  /** What it is for: `bot`, `app`, `person`, `agent`, or a label given at mint time. */
  label: string;
}

export interface View {
  id: string;
  team_id: string;
  type: 'modal';
  callback_id: string;
  private_metadata: string;
  title: unknown;
  submit?: unknown;
  close?: unknown;
  blocks: unknown[];
  state: { values: Record<string, Record<string, unknown>> };
  hash: string;
  root_view_id: string;
  previous_view_id: string | null;
  app_id: string;
  bot_id: string;
  /** Whose screen it is open on. */
  user_id: string;
  external_id?: string;
  clear_on_close?: boolean;
  notify_on_close?: boolean;
}

export interface StoredFile extends FileRef {
  user: string;
  created: number;
  channels: string[];
  /** Where the bytes are, under the workspace's state dir. */
  path: string;
}

export interface PendingUpload {
  file_id: string;
  filename: string;
  length: number;
  user: string;
  /** Whether the bytes arrived at the upload URL. */
  received: boolean;
  path: string;
}

export interface App {
  id: string;
  name: string;
  bot_id: string;
  bot_user_id: string;
  /** Slack's request signing secret, for HTTP event delivery. */
  signing_secret: string;
  /** Where events go when no Socket Mode connection is open (HTTP mode). */
  request_url?: string;
}

export interface WorkspaceState {
  version: 1;
  team: { id: string; name: string; domain: string };
  app: App;
  users: User[];
  channels: Channel[];
  /** Messages per channel id, oldest first; thread replies included (they carry thread_ts). */
  messages: Record<string, Message[]>;
  tokens: TokenRecord[];
  views: Record<string, View>;
  files: Record<string, StoredFile>;
  uploads: Record<string, PendingUpload>;
  /** The last message ts handed out: every new one is later, even within a microsecond. */
  lastTs: string;
  /** A secret for the admin endpoints (history import, token minting). */
  adminSecret: string;
}
