import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelId, mintToken, unique } from '../../../test/support/workspace-calls.js';
import { startWorkspace, type StartedWorkspace } from '../../../test/support/workspace.js';

let ws: StartedWorkspace;
let bot: WebClient;
let you: WebClient;
let agent: WebClient;
let incidents: string;

beforeAll(async () => {
  ws = await startWorkspace({ maxUploadBytes: 100_000 });
  bot = ws.client(ws.creds.botToken);
  you = ws.client(ws.creds.personToken ?? '');
  agent = ws.client(ws.creds.agentToken ?? '');
  incidents = await channelId(bot, 'incidents');
});
afterAll(async () => ws?.stop());

const slackError = (error: string) => ({ code: 'slack_webapi_platform_error', data: { ok: false, error } });

interface SharedFile { id: string; name: string; title: string; size: number; mimetype: string; url_private: string; channels: string[] }

/** filesUploadV2's answer holds one completeUploadExternal answer per group of files. */
const uploaded = (res: { files: Array<{ files?: unknown[] }> }) => (res.files[0]?.files?.[0] ?? {}) as SharedFile;

const download = (url: string, token?: string) => fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});

describe('file uploads, as filesUploadV2 does them', () => {
  it('uploads a buffer, shares it with a comment, and serves the same bytes back', async () => {
    const bytes = randomBytes(20_000);
    const res = await bot.filesUploadV2({ channel_id: incidents, file: bytes, filename: 'heap.png', title: 'Heap at 14:02', initial_comment: 'heap snapshot' });
    const file = uploaded(res as never);
    expect(file).toMatchObject({ name: 'heap.png', title: 'Heap at 14:02', size: bytes.length, mimetype: 'image/png', channels: [incidents] });
    expect(existsSync(join(ws.stateDir, 'files', file.id))).toBe(true);

    const history = await you.conversations.history({ channel: incidents, limit: 1 });
    expect(history.messages?.[0]).toMatchObject({ text: 'heap snapshot', user: ws.creds.botUserId, files: [{ id: file.id, name: 'heap.png' }] });

    const info = await you.files.info({ file: file.id });
    expect(info.file).toMatchObject({ id: file.id, size: bytes.length, user: ws.creds.botUserId, url_private: file.url_private });

    const got = await download(file.url_private, ws.creds.personToken);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('threads a text file under a message', async () => {
    const root = await bot.chat.postMessage({ channel: incidents, text: 'logs?' });
    const text = `ERROR pool exhausted ${unique('run')}\n`;
    await bot.filesUploadV2({ channel_id: incidents, thread_ts: root.ts ?? '', file: Buffer.from(text), filename: 'orders.log', initial_comment: 'here' });
    const thread = await you.conversations.replies({ channel: incidents, ts: root.ts ?? '' });
    const reply = thread.messages?.[1] as { files?: SharedFile[]; thread_ts?: string } | undefined;
    expect(reply?.thread_ts).toBe(root.ts);
    const url = reply?.files?.[0]?.url_private ?? '';
    expect(await (await download(url, ws.creds.botToken)).text()).toBe(text);
  });

  it('keeps a file uploaded without a channel private to its uploader', async () => {
    const { upload_url, file_id } = await agent.files.getUploadURLExternal({ filename: 'notes.txt', length: 5 });
    expect(upload_url).toContain(ws.url);
    // A raw POST, as curl --data-binary sends it, with no token: the URL is the ticket.
    const posted = await fetch(upload_url ?? '', { method: 'POST', body: 'notes' });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toBe('OK - 5');
    const done = await agent.files.completeUploadExternal({ files: [{ id: file_id ?? '' }] });
    expect(done.files?.[0]).toMatchObject({ id: file_id, title: 'notes.txt', channels: [] });
    expect((await agent.files.info({ file: file_id ?? '' })).file?.size).toBe(5);
    await expect(you.files.info({ file: file_id ?? '' })).rejects.toMatchObject(slackError('file_not_found'));
    const url = (await agent.files.info({ file: file_id ?? '' })).file?.url_private ?? '';
    expect((await download(url, ws.creds.personToken)).status).toBe(404);
    expect((await download(url, ws.creds.agentToken)).status).toBe(200);
  });

  it('takes a multipart form with any field name, as curl -F sends it', async () => {
    const { upload_url, file_id } = await you.files.getUploadURLExternal({ filename: 'q.csv', length: 8 });
    const form = new FormData();
    form.append('file', new Blob(['a,b\n1,2\n']), 'q.csv');
    expect(await (await fetch(upload_url ?? '', { method: 'POST', body: form })).text()).toBe('OK - 8');
    await you.files.completeUploadExternal({ files: [{ id: file_id ?? '', title: 'query' }], channel_id: incidents, initial_comment: 'numbers' });
    const info = await bot.files.info({ file: file_id ?? '' });
    expect(info.file).toMatchObject({ title: 'query', size: 8, mimetype: 'text/csv', user: (await you.auth.test()).user_id });
    expect(await (await download(info.file?.url_private ?? '', ws.creds.botToken)).text()).toBe('a,b\n1,2\n');
  });

  it('answers upload mistakes with Slack\'s codes', async () => {
    const early = await bot.files.getUploadURLExternal({ filename: 'a.txt', length: 3 });
    await expect(bot.files.completeUploadExternal({ files: [{ id: early.file_id ?? '' }] })).rejects.toMatchObject(slackError('file_not_found'));
    await expect(you.files.completeUploadExternal({ files: [{ id: early.file_id ?? '' }] })).rejects.toMatchObject(slackError('file_not_found'));
    await expect(bot.files.getUploadURLExternal({ filename: 'a.txt', length: 0 })).rejects.toMatchObject(slackError('missing_argument'));

    const quiet = (await agent.conversations.create({ name: unique('quiet-') })).channel?.id ?? '';
    await expect(bot.filesUploadV2({ channel_id: quiet, file: Buffer.from('x'), filename: 'x.txt' })).rejects.toMatchObject(slackError('not_in_channel'));
    await expect(bot.filesUploadV2({ channel_id: 'C0NOTHERE1', file: Buffer.from('x'), filename: 'x.txt' })).rejects.toMatchObject(slackError('channel_not_found'));
    await expect(bot.filesUploadV2({ channel_id: 'incidents', file: Buffer.from('x'), filename: 'x.txt' })).rejects.toMatchObject(slackError('invalid_arguments'));
    await expect(bot.files.info({ file: 'F0NOTHERE1' })).rejects.toMatchObject(slackError('file_not_found'));

    const big = await bot.files.getUploadURLExternal({ filename: 'big.bin', length: 120_000 });
    expect((await fetch(big.upload_url ?? '', { method: 'POST', body: randomBytes(120_000) })).status).toBe(413);
    expect((await fetch(`${ws.url}/upload/v1/F0NOTHERE1`, { method: 'POST', body: 'x' })).status).toBe(404);
  });

  it('serves url_private only to a token with files:read', async () => {
    const res = await bot.filesUploadV2({ channel_id: incidents, file: Buffer.from('secret'), filename: 's.txt' });
    const url = uploaded(res as never).url_private;
    expect((await download(url)).status).toBe(401);
    expect((await download(url, 'xoxb-1-2-nope')).status).toBe(401);
    expect((await download(url, await mintToken(ws, 'bot', ['chat:write']))).status).toBe(403);
    expect((await download(url, ws.creds.botToken)).status).toBe(200);
  });
});
