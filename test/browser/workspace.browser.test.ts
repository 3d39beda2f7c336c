import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBoltApp, type StartedBoltApp } from '../support/bolt-app.js';
import { admin, channelId } from '../support/workspace-calls.js';
import { startWorkspace, type StartedWorkspace } from '../support/workspace.js';
import { launchChromium, openWorkspacePage, screenshot, type OpenedPage } from './chromium.js';

/** A sidebar entry by its data-channel name. */
const navItem = (page: Page, name: string) => page.locator(`nav [data-channel="${name}"]`);

/** A message in the timeline whose text contains `text`. */
const messageWith = (page: Page, text: string) => page.locator('[data-testid="timeline"] [data-testid="message"]').filter({ hasText: text });

/**
 * A workspace, the test Bolt app on the given transport, and the page open in Chromium,
 * for one describe block; the getters are valid once its tests run.
 */
function useWorkspacePage(mode: 'socket' | 'http') {
  let ws: StartedWorkspace;
  let bolt: StartedBoltApp;
  let browser: Browser;
  let page: OpenedPage;
  beforeAll(async () => {
    ws = await startWorkspace();
    bolt = await startBoltApp(ws, mode);
    browser = await launchChromium();
    page = await openWorkspacePage(browser, ws.url);
  });
  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await bolt?.stop();
    await ws?.stop();
  });
  return {
    get ws() {
      return ws;
    },
    get opened() {
      return page;
    },
  };
}

describe('the workspace page', () => {
  const env = useWorkspacePage('socket');

  it('loads from the workspace alone, with its channels and a live stream', async () => {
    const res = await fetch(`${env.ws.url}/`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const { page } = env.opened;
    await expect(page.locator('[data-testid="team-name"]').textContent()).resolves.toBe(env.ws.store.state.team.name);
    for (const name of ['incidents', 'general', 'orders']) await page.locator(`[data-testid="channel-list"] [data-channel="${name}"]`).waitFor();
    await expect(page.locator('[data-testid="timeline"]').getAttribute('data-channel')).resolves.toBe('incidents');
    await screenshot(page, 'loaded');
    expect(env.opened.foreign).toEqual([]);
    expect(env.opened.errors).toEqual([]);
  });

  it('shows the bot\'s reply live, in the thread, under the persona dan', async () => {
    const { page } = env.opened;
    const composer = page.getByTestId('composer');
    await composer.fill('checkout is failing for everyone');
    await composer.press('Enter');
    const mine = messageWith(page, 'checkout is failing for everyone');
    await expect(mine.getByTestId('author').textContent()).resolves.toBe('You (on call)');
    // No reload: the reply count arrives on the stream.
    await mine.getByTestId('reply-count').filter({ hasText: '1 reply' }).waitFor();
    await mine.getByTestId('reply-count').click();
    const reply = page.getByTestId('thread').getByTestId('message').filter({ hasText: 'Dan here, looking at: checkout is failing for everyone' });
    await expect(reply.getByTestId('author').textContent()).resolves.toBe('dan');
    await expect(reply.getByTestId('app-tag').textContent()).resolves.toBe('APP');
    await screenshot(page, 'thread-reply');

    // A reply typed in the thread goes to the thread, and the bot answers there too.
    await page.getByTestId('thread-composer').fill('thanks, on it');
    await page.getByTestId('thread-composer').press('Enter');
    await page.getByTestId('thread').getByTestId('message').filter({ hasText: 'Dan here, looking at: thanks, on it' }).waitFor();
    await mine.getByTestId('reply-count').filter({ hasText: '3 replies' }).waitFor();
    await page.getByTestId('thread-close').click();
  });

  it('opens the app\'s modal from a button, shows its errors, and posts the report', async () => {
    const { page } = env.opened;
    await page.getByTestId('composer').fill('can someone send the form?');
    await page.getByTestId('composer').press('Enter');
    const button = messageWith(page, 'File the incident report').locator('[data-action-id="open_form"]');
    await button.click();
    const modal = page.locator('[data-testid="modal"][data-callback-id="report"]');
    await expect(modal.getByTestId('modal-title').textContent()).resolves.toBe('Incident report');
    const input = modal.locator('[data-block-id="cause"][data-action-id="value"]');
    await input.fill('db');
    await modal.getByTestId('modal-submit').click();
    await modal.locator('[data-testid="modal-error"][data-block-id="cause"]').filter({ hasText: 'Say a little more about the cause' }).waitFor();
    await screenshot(page, 'modal-error');

    await input.fill('the orders pool is exhausted by the batch job');
    await modal.getByTestId('modal-submit').click();
    await modal.waitFor({ state: 'detached' });
    await messageWith(page, 'report received: the orders pool is exhausted by the batch job').waitFor();
    await screenshot(page, 'report-received');
  });

  it('runs /drill as a slash command and shows an error line for an unknown one', async () => {
    const { page } = env.opened;
    await page.getByTestId('composer').fill('/drill');
    await page.getByTestId('composer').press('Enter');
    await messageWith(page, 'Opening the incident report form').waitFor();
    const modal = page.locator('[data-testid="modal"][data-callback-id="report"]');
    await modal.waitFor();
    await modal.getByTestId('modal-close').click();
    await modal.waitFor({ state: 'detached' });
    // The app asked for view_closed (notify_on_close): the workspace forgets the view.
    expect(Object.values(env.ws.store.state.views)).toEqual([]);

    await page.getByTestId('composer').fill('/nosuchcommand now');
    await page.getByTestId('composer').press('Enter');
    await page.getByTestId('composer-error').filter({ hasText: 'unknown_command' }).waitFor();
    // The text comes back to be fixed.
    await expect(page.getByTestId('composer').inputValue()).resolves.toBe('/nosuchcommand now');
    await page.getByTestId('composer').fill('');
  });

  it('opens a modal the app opens directly, with a multiline input and an optional one', async () => {
    const { page } = env.opened;
    const person = env.ws.store.userByName('you');
    expect(person).toBeDefined();
    const bot = env.ws.client(env.ws.creds.botToken);
    await bot.views.open({
      trigger_id: env.ws.store.mintTrigger(person?.id ?? ''),
      view: {
        type: 'modal', callback_id: 'report', title: { type: 'plain_text', text: 'Incident report' }, submit: { type: 'plain_text', text: 'Send' },
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: 'Tell us *what happened*.' } },
          { type: 'input', block_id: 'cause', label: { type: 'plain_text', text: 'Cause' }, element: { type: 'plain_text_input', action_id: 'value', multiline: true } },
          { type: 'input', block_id: 'notes', optional: true, label: { type: 'plain_text', text: 'Notes' }, element: { type: 'plain_text_input', action_id: 'text' } },
        ],
      },
    });
    const modal = page.locator('[data-testid="modal"][data-callback-id="report"]');
    await modal.locator('strong', { hasText: 'what happened' }).waitFor();
    const cause = modal.locator('textarea[data-block-id="cause"]');
    await cause.fill('batch job\nheld every pool connection');
    await expect(modal.locator('[data-block-id="notes"] .optional').textContent()).resolves.toContain('optional');
    await modal.getByTestId('modal-submit').click();
    await modal.waitFor({ state: 'detached' });
    await messageWith(page, 'held every pool connection').waitFor();
  });

  it('renders imported history with its past date, and hostile text as text', async () => {
    const { page } = env.opened;
    const at = new Date(Date.now() - 3 * 86_400_000);
    at.setUTCHours(9, 30, 0, 0);
    const dan = env.ws.store.userByName('dan')?.id ?? '';
    const incidents = env.ws.store.channel('incidents')?.id ?? '';
    const hostile = `<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2"> the *pool* is _saturated_, see \`pool.max\`, <@${dan}> in <#${incidents}>`;
    const res = await admin(env.ws, 'import', {
      channel: 'orders',
      messages: [
        { user: 'alicia', text: hostile, at: at.toISOString() },
        { user: 'kevin', text: 'the query:\n```select * from orders where <b>1</b>;```', at: new Date(at.getTime() + 60_000).toISOString(), replyTo: 0 },
      ],
    });
    expect(res.status).toBe(201);
    // Imported while the page was on #incidents: #orders turns unread, live.
    await page.locator('nav [data-channel="orders"].unread').waitFor();
    await navItem(page, 'orders').click();
    const message = messageWith(page, 'window.__xss');
    const time = message.getByTestId('message-time');
    await expect(time.getAttribute('datetime')).resolves.toBe(at.toISOString());
    await expect(time.textContent()).resolves.toContain(at.toLocaleDateString('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' }));
    await page.getByTestId('day-divider').filter({ hasText: at.toLocaleDateString('en-US', { timeZone: 'UTC', weekday: 'long', month: 'long', day: 'numeric' }) }).waitFor();

    const text = message.getByTestId('message-text');
    await expect(text.textContent()).resolves.toContain('<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">');
    await expect(text.locator('script, img').count()).resolves.toBe(0);
    await expect(page.evaluate(() => (globalThis as { __xss?: number }).__xss)).resolves.toBeUndefined();
    await expect(text.locator('strong').textContent()).resolves.toBe('pool');
    await expect(text.locator('em').textContent()).resolves.toBe('saturated');
    await expect(text.locator('code').textContent()).resolves.toBe('pool.max');
    await expect(text.locator('.mention').textContent()).resolves.toBe('@dan');
    await expect(text.locator('.channel-link').textContent()).resolves.toBe('#incidents');

    await message.getByTestId('reply-count').click();
    const block = page.getByTestId('thread').locator('pre.code-block');
    await expect(block.textContent()).resolves.toBe('select * from orders where <b>1</b>;');
    await screenshot(page, 'imported-history');
    await page.getByTestId('thread-close').click();

    // What the person types is sent as a Slack client sends it: escaped, names as mentions.
    await page.getByTestId('composer').fill('<b>not bold</b> & @dan');
    await page.getByTestId('composer').press('Enter');
    const mine = messageWith(page, '<b>not bold</b> &');
    await expect(mine.locator('.mention').textContent()).resolves.toBe('@dan');
    const stored = env.ws.store.messages(env.ws.store.channel('orders')?.id ?? '').at(-1);
    expect(stored?.text).toBe(`&lt;b&gt;not bold&lt;/b&gt; &amp; <@${dan}>`);
  });

  it('marks unread channels, shows a new DM, Block Kit, edits and reactions live', async () => {
    const { page } = env.opened;
    const bot = env.ws.client(env.ws.creds.botToken);
    const personId = env.ws.store.userByName('you')?.id ?? '';
    await navItem(page, 'incidents').click();

    const general = await channelId(bot, 'general');
    const deployed = await bot.chat.postMessage({ channel: general, text: 'deploy of orders v42 finished' });
    await page.locator('nav [data-channel="general"].unread[data-unread="1"]').waitFor();
    await bot.chat.postMessage({ channel: await channelId(bot, 'platform'), text: `<@${personId}> can you check the pool?` });
    await navItem(page, 'platform').getByTestId('unread-badge').filter({ hasText: '1' }).waitFor();
    await expect(page.title()).resolves.toMatch(/^\(\d+\) /);

    const dm = await bot.conversations.open({ users: personId });
    await bot.chat.postMessage({ channel: dm.channel?.id ?? '', text: 'psst: the batch job runs at :3' });
    await page.locator('[data-testid="dm-list"] [data-channel="firedrill"][data-unread="1"]').waitFor();

    await bot.chat.postMessage({
      channel: general, text: 'Orders status',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Orders status :rotating_light:' } },
        { type: 'section', block_id: 'summary', text: { type: 'mrkdwn', text: '*p99* is up' },
          fields: [{ type: 'mrkdwn', text: '*Pool*\n20/20' }, { type: 'mrkdwn', text: '*Errors*\n12%' }],
          accessory: { type: 'button', action_id: 'ack', text: { type: 'plain_text', text: 'Ack' }, value: 'ack' } },
        { type: 'divider' },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'from <https://grafana.local/d/orders|the orders dashboard>' }] },
        { type: 'actions', elements: [
          { type: 'button', action_id: 'rollback', style: 'danger', text: { type: 'plain_text', text: 'Roll back' } },
          { type: 'button', action_id: 'page', style: 'primary', text: { type: 'plain_text', text: 'Page Kevin' } },
        ] },
      ],
    });
    await navItem(page, 'general').click();
    await expect(navItem(page, 'general').getAttribute('data-unread')).resolves.toBe('0');
    const status = messageWith(page, 'Orders status');
    await expect(status.locator('[data-block-type="header"]').textContent()).resolves.toBe('Orders status 🚨');
    await expect(status.locator('.bk-field').count()).resolves.toBe(2);
    await expect(status.locator('.bk-accessory [data-action-id="ack"]').textContent()).resolves.toBe('Ack');
    await expect(status.locator('hr.bk-divider').count()).resolves.toBe(1);
    await expect(status.locator('.bk-context a').getAttribute('href')).resolves.toBe('https://grafana.local/d/orders');
    await expect(status.locator('[data-action-id="rollback"]').getAttribute('class')).resolves.toContain('danger');
    await expect(status.locator('[data-action-id="page"]').getAttribute('class')).resolves.toContain('primary');
    await screenshot(page, 'blocks');

    await bot.chat.update({ channel: general, ts: deployed.ts ?? '', text: 'deploy of orders v43 finished' });
    const edited = messageWith(page, 'deploy of orders v43 finished');
    await edited.locator('.edited').waitFor();

    await edited.hover();
    await edited.locator('[data-react="eyes"]').click();
    const pill = edited.locator('[data-testid="reaction"][data-reaction="eyes"].mine');
    await expect(pill.locator('.count').textContent()).resolves.toBe('1');
    await pill.click();
    await pill.waitFor({ state: 'detached' });
  });

  it('catches up after the live stream drops: what was said meanwhile shows on reconnect', async () => {
    const { page } = env.opened;
    await navItem(page, 'incidents').click();
    // A draining server ends every stream (as a restart would); the page must notice and come back.
    env.ws.base.lifecycle.draining = true;
    await page.locator('[data-testid="connection"]:not([data-state="open"])').waitFor();
    const bot = env.ws.client(env.ws.creds.botToken);
    await bot.chat.postMessage({ channel: await channelId(bot, 'incidents'), text: 'said while you were offline' });
    env.ws.base.lifecycle.draining = false;
    await page.locator('[data-testid="connection"][data-state="open"]').waitFor();
    await messageWith(page, 'said while you were offline').waitFor();
    // Throughout the session: nothing fetched from outside the workspace, no script error.
    expect(env.opened.foreign).toEqual([]);
    expect(env.opened.errors).toEqual([]);
  });
});

describe('the workspace page with the app on HTTP event delivery', () => {
  const env = useWorkspacePage('http');

  it('gets the persona reply and runs /drill through to the posted report', async () => {
    const { page } = env.opened;
    await page.getByTestId('composer').fill('is anyone there?');
    await page.getByTestId('composer').press('Enter');
    await messageWith(page, 'is anyone there?').getByTestId('reply-count').filter({ hasText: '1 reply' }).waitFor();

    await page.getByTestId('composer').fill('/drill');
    await page.getByTestId('composer').press('Enter');
    const modal = page.locator('[data-testid="modal"][data-callback-id="report"]');
    await modal.locator('[data-block-id="cause"][data-action-id="value"]').fill('a slow partner webhook');
    await modal.getByTestId('modal-submit').click();
    await messageWith(page, 'report received: a slow partner webhook').waitFor();
    expect(env.opened.errors).toEqual([]);
  });
});
