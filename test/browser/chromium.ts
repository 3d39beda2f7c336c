import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from '../../lab/paths.js';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'];

/** The system's Chromium (`make deps` installs Debian's); FIREDRILL_CHROMIUM overrides. */
export function chromiumPath(): string {
  const path = process.env.FIREDRILL_CHROMIUM ?? CANDIDATES.find((p) => existsSync(p));
  if (!path) throw new Error(`no Chromium found (looked in ${CANDIDATES.join(', ')}): run \`make deps\` (apt-get install chromium) or set FIREDRILL_CHROMIUM`);
  return path;
}

/** System Chromium driven by playwright-core, which downloads no browser (there is no internet here). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Screenshots kept after the run, for a person to look at. */
export const artifactsDir = join(repoRoot(), '.firedrill', 'artifacts', 'browser');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

export interface OpenedPage {
  page: Page;
  /** Requests the page made to anywhere but the workspace (data: URLs aside). */
  foreign: string[];
  /** Console errors and uncaught exceptions (a CSP violation shows here too), HTTP errors aside. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * The workspace page in a fresh context (its own localStorage), in en-US and UTC so
 * dates render the same on every machine, ready and with its live stream open.
 */
export async function openWorkspacePage(browser: Browser, baseUrl: string, hash = 'incidents'): Promise<OpenedPage> {
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1360, height: 860 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const foreign: string[] = [];
  const errors: string[] = [];
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(`${baseUrl}/`) && !url.startsWith('data:')) foreign.push(url);
  });
  page.on('console', (msg) => {
    // A 4xx the page handles (an unknown slash command) is logged by the browser too; that is no script error.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${baseUrl}/#${hash}`);
  try {
    await page.locator('[data-testid="app"][data-ready="true"]').waitFor();
    await page.locator('[data-testid="connection"][data-state="open"]').waitFor();
  } catch (err) {
    // Say why: the page's own error box and console are the evidence, not the timeout.
    const shown = await page.locator('#boot-error').textContent().catch(() => '');
    throw new Error(`the workspace page did not start: ${shown || '(no boot error)'}; console: ${errors.join(' | ') || '(none)'}`, { cause: err });
  }
  return { page, foreign, errors, close: () => context.close() };
}
