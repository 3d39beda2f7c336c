import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startWorkspace } from '../../test/support/workspace.js';
import { writeCredentials } from './credentials.js';

describe('workspace state', () => {
  it('survives a restart: channels, messages, threads and tokens are all still there', async () => {
    const first = await startWorkspace();
    const you = first.client(first.creds.personToken ?? '');
    const channel = first.store.channel('incidents')?.id ?? '';
    const root = await you.chat.postMessage({ channel, text: 'is anyone looking at storefront?' });
    await first.client(first.creds.botToken).chat.postMessage({ channel, thread_ts: root.ts ?? '', text: 'on it', username: 'kevin' });
    const created = await you.conversations.create({ name: 'inc-storefront' });
    await first.stop();

    const second = await startWorkspace({}, first.stateDir);
    try {
      expect(second.creds.botToken).toBe(first.creds.botToken);
      expect(second.creds.teamId).toBe(first.creds.teamId);
      const again = second.client(second.creds.personToken ?? '');
      const replies = await again.conversations.replies({ channel, ts: root.ts ?? '' });
      expect(replies.messages?.map((m) => m.text)).toEqual(['is anyone looking at storefront?', 'on it']);
      expect((await again.conversations.info({ channel: created.channel?.id ?? '' })).channel?.name).toBe('inc-storefront');
      // A new message after the restart is still later than every earlier one.
      const later = await again.chat.postMessage({ channel, text: 'back' });
      expect(Number(later.ts)).toBeGreaterThan(Number(root.ts));
    } finally {
      await second.stop();
    }
  });

  it('writes its credentials readable by this user only', async () => {
    const ws = await startWorkspace();
    try {
      const file = writeCredentials(ws.stateDir, ws.creds);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ botToken: ws.creds.botToken, apiUrl: `${ws.url}/api/` });
      expect(file).toBe(join(ws.stateDir, 'credentials.json'));
    } finally {
      await ws.stop();
    }
  });
});
