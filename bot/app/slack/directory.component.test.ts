import { afterEach, describe, expect, it } from 'vitest';
import { startWorkspace, type StartedWorkspace } from '../../../test/support/workspace.js';
import { createDirectory } from './directory.js';

// The directory against the real local workspace's Web API, as the bot uses it.
let ws: StartedWorkspace | undefined;
afterEach(async () => {
  await ws?.stop();
  ws = undefined;
});

describe('channel names for teams sharing a workspace', () => {
  it('plays in team1-incidents while the engine says incidents; another team\'s channels are not ours', async () => {
    ws = await startWorkspace();
    const bot = ws.client(ws.creds.botToken);
    const team1 = createDirectory(bot, { channelPrefix: 'team1-' });
    const mine = await team1.ensureChannel('incidents');
    const slackNames = ((await bot.conversations.list({ limit: 1000 })).channels ?? []).map((c) => [c.id, c.name]);
    expect(slackNames).toContainEqual([mine, 'team1-incidents']);
    expect(await team1.channelName(mine)).toBe('incidents');
    expect(await team1.channelId('incidents')).toBe(mine);
    expect(await team1.isOurs(mine)).toBe(true);

    // The workspace's own #incidents and team2's belong to someone else.
    const team2 = createDirectory(bot, { channelPrefix: 'team2-' });
    const theirs = await team2.ensureChannel('incidents');
    const plain = await createDirectory(bot).channelId('incidents');
    expect(new Set([mine, theirs, plain]).size).toBe(3);
    const fresh = createDirectory(bot, { channelPrefix: 'team1-' });
    expect(await fresh.isOurs(theirs)).toBe(false);
    expect(await fresh.isOurs(plain)).toBe(false);
    expect(await fresh.isOurs(mine)).toBe(true);

    // Without a prefix every channel is ours, under its own name.
    const solo = createDirectory(bot);
    expect(await solo.isOurs(mine)).toBe(true);
    expect(await solo.channelName(mine)).toBe('team1-incidents');
  });
});
