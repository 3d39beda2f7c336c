import { statSync } from 'node:fs';
import { z } from 'zod';
import { slackId } from '../../ids.js';
import type { Channel, Message, StoredFile } from '../../model.js';
import { arg, parseArgs } from '../args.js';
import { SlackError, invalidArguments } from '../errors.js';
import { absoluteFilePath, canSeeFile, downloadUrl, fileKind, fileView, relativeFilePath } from '../file-store.js';
import { method, type MethodContext } from '../method.js';
import { isMember, resolveChannel } from './access.js';

const write = ['files:write', 'files:write:user'];

/** Where the upload URL points: the workspace's own upload endpoint (see ../uploads.ts). */
export const uploadPath = (fileId: string) => `/upload/v1/${fileId}`;

export const filesGetUploadURLExternal = method({
  name: 'files.getUploadURLExternal', tokens: ['bot', 'user'], scopes: write,
  handle: (ctx) => {
    const a = parseArgs(z.object({
      filename: z.string().min(1), length: arg.int(),
      // Slack documents alt_txt; @slack/web-api sends alt_text. Either is accepted.
      alt_txt: z.string().optional(), alt_text: z.string().optional(), snippet_type: z.string().optional(),
    }).loose(), ctx.args);
    if (a.length <= 0) throw new SlackError('missing_argument');
    if ((a.alt_txt ?? a.alt_text ?? '').length > 1000) throw new SlackError('alt_txt_too_large');
    const fileId = slackId('F');
    // The byte limit (maxUploadBytes) is enforced where the bytes arrive: methods do not see the settings.
    ctx.store.state.uploads[fileId] = { file_id: fileId, filename: a.filename, length: a.length, user: ctx.actor?.id ?? '', received: false, path: relativeFilePath(fileId) };
    ctx.store.changed();
    return { upload_url: `${ctx.baseUrl}${uploadPath(fileId)}`, file_id: fileId };
  },
});

/** The channel a completed upload is shared to: Slack takes only encoded ids and wants the uploader in it. */
function shareTarget(ctx: MethodContext, id: string | undefined): Channel | undefined {
  if (!id) return undefined;
  if (!/^[CGDZ][A-Z0-9]{8,}$/.test(id)) throw invalidArguments([`input must match regex pattern: ^[CGDZ][A-Z0-9]{8,}$ [json-pointer:/channel_id]`]);
  const channel = resolveChannel(ctx, id);
  if (channel.is_archived) throw new SlackError('is_archived');
  // Unlike chat.postMessage, chat:write.public does not let an app share a file where it is not a member.
  if (!isMember(ctx, channel)) throw new SlackError('not_in_channel');
  return channel;
}

export const filesCompleteUploadExternal = method({
  name: 'files.completeUploadExternal', tokens: ['bot', 'user'], scopes: write,
  handle: (ctx) => {
    const a = parseArgs(z.object({
      files: arg.json(z.array(z.object({ id: z.string(), title: z.string().optional() }).loose()).min(1)),
      channel_id: z.string().optional(), channels: arg.list().optional(),
      initial_comment: z.string().max(40_000).optional(), thread_ts: arg.ts().optional(),
      blocks: arg.json(z.array(z.looseObject({ type: z.string() })).max(50)).optional(),
    }).loose(), ctx.args);
    const userId = ctx.actor?.id ?? '';
    const pending = a.files.map((f) => {
      const upload = ctx.store.state.uploads[f.id];
      // An id from another user's ticket, or one whose bytes never arrived, is not a file yet.
      if (!upload || upload.user !== userId || !upload.received) throw new SlackError('file_not_found');
      return { upload, title: f.title };
    });
    const channel = shareTarget(ctx, a.channel_id ?? a.channels?.[0]);
    if (channel && a.thread_ts && !ctx.store.message(channel.id, a.thread_ts)) throw new SlackError('thread_not_found');
    const created = Math.floor(ctx.store.now().getTime() / 1000);
    const stored = pending.map(({ upload, title }): StoredFile => {
      const { mimetype } = fileKind(upload.filename);
      const file: StoredFile = {
        id: upload.file_id, name: upload.filename, title: title || upload.filename, mimetype,
        size: statSync(absoluteFilePath(ctx.store, upload.path)).size, url_private: '', user: userId, created,
        channels: channel ? [channel.id] : [], path: upload.path,
      };
      file.url_private = downloadUrl(ctx.baseUrl, file);
      ctx.store.state.files[file.id] = file;
      delete ctx.store.state.uploads[file.id];
      return file;
    });
    ctx.store.changed();
    const views = stored.map((f) => fileView(ctx.store, f, ctx.baseUrl));
    if (channel) {
      const app = ctx.store.state.app;
      const parent = a.thread_ts ? ctx.store.message(channel.id, a.thread_ts) : undefined;
      // Slack posts the share as a file_share message from the uploader, the comment as its text.
      const message: Message = {
        type: 'message', subtype: 'file_share', ts: ctx.store.nextTs(), channel: channel.id, text: a.initial_comment ?? '', team: ctx.store.state.team.id,
        user: userId, ...(ctx.token.kind === 'bot' ? { bot_id: app.bot_id, app_id: app.id } : {}),
        files: views, ...(a.blocks ? { blocks: a.blocks } : {}),
        ...(parent ? { thread_ts: parent.thread_ts ?? parent.ts } : {}),
      };
      ctx.store.addMessage(message, ctx.token);
    }
    return { files: views };
  },
});

export const filesInfo = method({
  name: 'files.info', tokens: ['bot', 'user'], scopes: ['files:read'],
  handle: (ctx) => {
    const a = parseArgs(z.object({ file: z.string() }).loose(), ctx.args);
    const file = ctx.store.state.files[a.file];
    if (!file || !canSeeFile(ctx.store, ctx.actor?.id, file)) throw new SlackError('file_not_found');
    return { file: fileView(ctx.store, file, ctx.baseUrl), comments: [], response_metadata: { next_cursor: '' } };
  },
});

export const fileMethods = [filesGetUploadURLExternal, filesCompleteUploadExternal, filesInfo];
