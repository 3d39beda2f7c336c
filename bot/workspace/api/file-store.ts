import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import type { FileRef, StoredFile } from '../model.js';
import type { WorkspaceStore } from '../store.js';

/**
 * Where uploaded bytes live: `<stateDir>/files/<file id>`, beside state.json. Records keep
 * the path relative to the state dir, so a moved lab directory keeps its files.
 */
export const relativeFilePath = (fileId: string) => join('files', fileId);

export function absoluteFilePath(store: WorkspaceStore, relative: string): string {
  return join(dirname(store.file), relative);
}

export function writeFileBytes(store: WorkspaceStore, relative: string, bytes: Uint8Array): void {
  const path = absoluteFilePath(store, relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

// Slack's mimetype / filetype / pretty_type for the kinds of file a game day produces;
// anything else is binary, as Slack labels what it does not recognise.
const kinds: Record<string, [mimetype: string, filetype: string, pretty: string]> = {
  '.txt': ['text/plain', 'text', 'Plain Text'], '.log': ['text/plain', 'text', 'Plain Text'],
  '.md': ['text/markdown', 'markdown', 'Markdown (raw)'], '.json': ['application/json', 'json', 'JSON'],
  '.csv': ['text/csv', 'csv', 'CSV'], '.yaml': ['text/yaml', 'yaml', 'YAML'], '.yml': ['text/yaml', 'yaml', 'YAML'],
  '.png': ['image/png', 'png', 'PNG'], '.jpg': ['image/jpeg', 'jpg', 'JPEG'], '.jpeg': ['image/jpeg', 'jpg', 'JPEG'],
  '.gif': ['image/gif', 'gif', 'GIF'], '.svg': ['image/svg+xml', 'svg', 'SVG'], '.pdf': ['application/pdf', 'pdf', 'PDF'],
  '.diff': ['text/plain', 'diff', 'Diff'], '.patch': ['text/plain', 'diff', 'Diff'], '.html': ['text/html', 'html', 'HTML'],
};

export function fileKind(name: string): { mimetype: string; filetype: string; pretty_type: string } {
  const [mimetype, filetype, pretty_type] = kinds[extname(name).toLowerCase()] ?? ['application/octet-stream', 'binary', 'Binary'];
  return { mimetype, filetype, pretty_type };
}

export const downloadUrl = (baseUrl: string, file: Pick<StoredFile, 'id' | 'name'>) => `${baseUrl}/files/${file.id}/${encodeURIComponent(file.name)}`;

/** Whether a user may see a file: their own, or shared where they can read (public channels, or ones they are in). */
export function canSeeFile(store: WorkspaceStore, userId: string | undefined, file: StoredFile): boolean {
  if (!userId) return false;
  if (file.user === userId) return true;
  return file.channels.some((id) => {
    const c = store.channel(id);
    return c !== undefined && ((!c.is_private && !c.is_im) || c.members.includes(userId));
  });
}

/** A file object as files.info, files.completeUploadExternal and message `files` carry it. */
export function fileView(store: WorkspaceStore, file: StoredFile, baseUrl: string): FileRef & Record<string, unknown> {
  const { path: _path, channels, ...rest } = file;
  const kind = fileKind(file.name);
  const byType = (test: (c: { is_private: boolean; is_im: boolean }) => boolean) => channels.filter((id) => {
    const c = store.channel(id);
    return c !== undefined && test(c);
  });
  const url = downloadUrl(baseUrl, file);
  return {
    ...rest, filetype: kind.filetype, pretty_type: kind.pretty_type, timestamp: file.created, user_team: store.state.team.id, editable: false, mode: 'hosted',
    is_external: false, external_type: '', is_public: byType((c) => !c.is_private && !c.is_im).length > 0, public_url_shared: false,
    display_as_bot: false, username: '', url_private: url, url_private_download: `${baseUrl}/files/${file.id}/download/${encodeURIComponent(file.name)}`,
    permalink: `${baseUrl}/files/${file.user}/${file.id}/${encodeURIComponent(file.name)}`, file_access: 'visible', has_rich_preview: false,
    channels: byType((c) => !c.is_private && !c.is_im), groups: byType((c) => c.is_private && !c.is_im), ims: byType((c) => c.is_im),
    comments_count: 0,
  };
}

