import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { memoryLog, type LogRecord } from '../../test/support/logs.js';
import { startFlagdSync } from '../../test/support/flagd-sync.js';
import { until } from '../../test/support/poll.js';
import { createFlags, type Flags } from './flags.js';
import { createLogger } from './logger.js';

interface FlagdFile {
  flags: Record<string, { state: string; variants: Record<string, boolean>; defaultVariant: string }>;
}

const seedPath = fileURLToPath(new URL('../../lab/shop-seed/flags.json', import.meta.url));
const seed = JSON.parse(readFileSync(seedPath, 'utf8')) as FlagdFile;

const dir = mkdtempSync(join(tmpdir(), 'kit-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const opened: Flags[] = [];
afterEach(async () => {
  for (const f of opened.splice(0)) await f.close();
});

/** The seed flags file with `defaultVariant` overridden per flag. */
function flagsJson(defaults: Record<string, 'on' | 'off'> = {}): string {
  const copy = structuredClone(seed);
  for (const [key, variant] of Object.entries(defaults)) {
    const flag = copy.flags[key];
    if (!flag) throw new Error(`seed has no flag ${key}`);
    flag.defaultVariant = variant;
  }
  return `${JSON.stringify(copy, null, 2)}\n`;
}

function saveAtomically(file: string, text: string): void {
  const temp = `${file}.${randomUUID()}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}

async function open(file: string | undefined): Promise<{ flags: Flags; logs: LogRecord[] }> {
  const { stream, records } = memoryLog();
  const log = createLogger({ service: 'flags-test', level: 'debug', destination: stream });
  const flags = await createFlags({ file, domain: `flags-test-${randomUUID()}`, log });
  opened.push(flags);
  return { flags, logs: records };
}

describe('createFlags', () => {
  it('the seed file is flagd format with both flags the lab uses', () => {
    expect(Object.keys(seed.flags).sort()).toEqual(['fulfillmentDispatchPaused', 'storefrontBreakerEnabled']);
    expect(seed.flags.storefrontBreakerEnabled?.defaultVariant).toBe('on');
    expect(seed.flags.fulfillmentDispatchPaused?.defaultVariant).toBe('off');
  });

  it("answers each flag's default variant, whatever the fallback", async () => {
    const { flags } = await open(seedPath);
    expect(await flags.getBoolean('storefrontBreakerEnabled', false)).toBe(true);
    expect(await flags.getBoolean('fulfillmentDispatchPaused', true)).toBe(false);
  });

  it('picks up an edit to the file without a restart', async () => {
    const file = join(dir, `flags-${randomUUID()}.json`);
    writeFileSync(file, flagsJson());
    const { flags } = await open(file);
    expect(await flags.getBoolean('storefrontBreakerEnabled', false)).toBe(true);

    // The provider takes its baseline stat just after its first read, and the edit is the
    // same size, so an edit landing within the same instant could go unseen: the edit is
    // re-saved (atomically, as editors do) on every poll until it shows.
    const edit = flagsJson({ storefrontBreakerEnabled: 'off', fulfillmentDispatchPaused: 'on' });
    await until('storefrontBreakerEnabled to turn off', async () => {
      if ((await flags.getBoolean('storefrontBreakerEnabled', true)) === false) return true;
      saveAtomically(file, edit);
      return false;
    }, { timeoutMs: 20_000, everyMs: 250 });
    expect(await flags.getBoolean('fulfillmentDispatchPaused', false)).toBe(true);
  });

  it('answers the fallback for a flag the file lacks, warning once per flag', async () => {
    const { flags, logs } = await open(seedPath);
    expect(await flags.getBoolean('cartFailure', true)).toBe(true);
    expect(await flags.getBoolean('cartFailure', false)).toBe(false);
    expect(await flags.getBoolean('cartFailure', true)).toBe(true);
    const warnings = logs.filter((r) => r.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ flag: 'cartFailure', errorCode: 'FLAG_NOT_FOUND', fallback: true });

    await flags.getBoolean('anotherMissing', false);
    expect(logs.filter((r) => r.level === 'warn').map((r) => r.flag)).toEqual(['cartFailure', 'anotherMissing']);
  });

  it('refuses to start on a file that does not exist, naming it', async () => {
    const missing = join(dir, 'no-such-flags.json');
    await expect(open(missing)).rejects.toThrow(missing);
  });

  it('refuses to start on a file that is not flagd JSON', async () => {
    const broken = join(dir, `broken-${randomUUID()}.json`);
    writeFileSync(broken, '{ "flags": ');
    await expect(open(broken)).rejects.toThrow(/invalid flagd flag configuration/);
  });

  it('without a file answers every fallback', async () => {
    const { flags, logs } = await open(undefined);
    expect(await flags.getBoolean('storefrontBreakerEnabled', false)).toBe(false);
    expect(await flags.getBoolean('storefrontBreakerEnabled', true)).toBe(true);
    expect(logs).toEqual([]);
  });
});

describe('createFlags fed by flagd (the Kubernetes lab)', () => {
  it('evaluates what flagd\'s sync stream carries, and each change flagd pushes, without a restart', async () => {
    const flagd = await startFlagdSync(flagsJson());
    try {
      const { stream } = memoryLog();
      const flags = await createFlags({ flagd: { host: '127.0.0.1', port: flagd.port }, domain: `flags-test-${randomUUID()}`, log: createLogger({ service: 'flags-test', level: 'debug', destination: stream }) });
      opened.push(flags);
      expect(await flags.getBoolean('fulfillmentDispatchPaused', true)).toBe(false);
      expect(await flags.getBoolean('storefrontBreakerEnabled', false)).toBe(true);
      flagd.publish(flagsJson({ fulfillmentDispatchPaused: 'on' }));
      await until('the pushed change to take effect', async () => (await flags.getBoolean('fulfillmentDispatchPaused', false)) === true, { timeoutMs: 10_000, everyMs: 100 });
      expect(await flags.getBoolean('storefrontBreakerEnabled', false)).toBe(true);
    } finally {
      await Promise.all(opened.splice(0).map((f) => f.close()));
      await flagd.close();
    }
  });
});
