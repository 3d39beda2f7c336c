// @ts-check
// Shapes the page reads: Slack's, as the workspace's Web API and stream send them.

/**
 * @typedef {{ real_name: string, display_name: string, image_48: string, image_72: string, bot_id?: string }} Profile
 * @typedef {{ id: string, name: string, real_name: string, is_bot: boolean, deleted: boolean, profile: Profile }} User
 * @typedef {{ value: string }} Topic
 * @typedef {{ id: string, name: string, is_channel: boolean, is_im: boolean, is_private: boolean, is_archived: boolean,
 *   user?: string, is_member: boolean, num_members?: number, topic?: Topic, purpose?: Topic }} Channel
 * @typedef {{ name: string, users: string[], count: number }} Reaction
 * @typedef {{ type: string, text?: string, emoji?: boolean, verbatim?: boolean }} TextObject
 * @typedef {Record<string, any> & { type: string, block_id?: string }} Block
 * @typedef {{ type: 'message', ts: string, channel: string, user?: string, bot_id?: string, app_id?: string, subtype?: string,
 *   username?: string, icons?: { emoji?: string, image_48?: string, image_72?: string }, text: string, blocks?: Block[],
 *   attachments?: Array<Record<string, any>>, thread_ts?: string, reply_count?: number, reply_users?: string[],
 *   latest_reply?: string, reactions?: Reaction[], edited?: { user: string, ts: string },
 *   files?: Array<{ id: string, name: string, title: string }> }} Message
 * @typedef {{ id: string, type: 'modal', callback_id: string, title: TextObject, submit?: TextObject, close?: TextObject,
 *   blocks: Block[], user_id: string, root_view_id: string, previous_view_id: string | null }} View
 * @typedef {{ ok: true, team: { id: string, name: string, domain: string },
 *   app: { id: string, name: string, bot_id: string, bot_user_id: string },
 *   self: { id: string, token: string }, users: User[], channels: Channel[] }} Bootstrap
 */

export {};
