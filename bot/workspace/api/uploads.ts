import { createReadStream } from 'node:fs';
import express, { type Express, type Request, type Response } from 'express';
import { AppError } from '../../../services/kit/errors.js';
import type { WorkspaceDeps } from '../app.js';
import { absoluteFilePath, canSeeFile, writeFileBytes } from './file-store.js';

/** What was POSTed: raw bytes as they are, or the first file part of a multipart form. */
async function uploadedBytes(req: Request): Promise<Uint8Array> {
  const body: unknown = req.body;
  const raw = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
  const type = req.get('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(type)) return raw;
  // @slack/web-api posts the bytes as a multipart part named `body`; curl -F picks its own
  // name. The fetch Response parser reads multipart without a dependency.
  let form: FormData;
  try {
    form = await new Response(raw, { headers: { 'content-type': type } }).formData();
  } catch (err) {
    throw new AppError('invalid_form_data', 400, 'the multipart body could not be parsed', { cause: err });
  }
  for (const [, value] of form) {
    if (typeof value !== 'string') return new Uint8Array(await value.arrayBuffer());
  }
  throw new AppError('invalid_form_data', 400, 'the multipart body has no file part');
}

/**
 * The upload URL files.getUploadURLExternal hands out (`/upload/v1/<file id>`): like
 * Slack's, it needs no token (the URL is the ticket) and answers `OK - <bytes>`. And the
 * download URL of a file (`url_private`), which needs a token with files:read that can
 * see the file, as Slack's does.
 */
export function mountUploads(app: Express, deps: WorkspaceDeps): void {
  const { store } = deps;
  // Room for multipart framing on top of the largest allowed file.
  const parse = express.raw({ type: () => true, limit: deps.settings.maxUploadBytes + 64 * 1024 });

  app.post('/upload/v1/:fileId', parse, async (req: Request, res: Response) => {
    const upload = store.state.uploads[String(req.params.fileId)];
    if (!upload) throw new AppError('upload_not_found', 404, 'no upload ticket with this id: ask files.getUploadURLExternal for one');
    const bytes = await uploadedBytes(req);
    if (bytes.length > deps.settings.maxUploadBytes) throw new AppError('payload_too_large', 413, `files are limited to ${deps.settings.maxUploadBytes} bytes here`);
    writeFileBytes(store, upload.path, bytes);
    upload.received = true;
    store.changed();
    res.type('text/plain').send(`OK - ${bytes.length}`);
  });

  const download = (attachment: boolean) => (req: Request, res: Response) => {
    const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const record = token ? store.token(token) : undefined;
    if (!record) throw new AppError('not_authed', 401, 'url_private needs Authorization: Bearer <token>');
    if (!record.scopes.includes('files:read')) throw new AppError('missing_scope', 403, 'url_private needs a token with files:read');
    const file = store.state.files[String(req.params.fileId)];
    if (!file || !canSeeFile(store, record.user_id, file)) throw new AppError('file_not_found', 404, 'no such file, or not visible to this token');
    res.set({
      'content-type': file.mimetype,
      'content-length': String(file.size),
      'content-disposition': `${attachment ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      // Uploaded HTML or SVG must not run as the workspace page's origin.
      'content-security-policy': 'sandbox',
      'x-content-type-options': 'nosniff',
    });
    createReadStream(absoluteFilePath(store, file.path)).on('error', (err) => res.destroy(err)).pipe(res);
  };
  app.get('/files/:fileId/download/:name', download(true));
  app.get('/files/:fileId/:name', download(false));
}
