import type { Express } from 'express';
import type { WorkspaceDeps } from '../app.js';

/** The upload URL files.getUploadURLExternal hands out: the bytes of a file go here. */
export function mountUploads(_app: Express, _deps: WorkspaceDeps): void {}
