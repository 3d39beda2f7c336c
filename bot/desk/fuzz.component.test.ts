import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../lab/paths.js';
import { controlRuntime } from '../../lab/runtime/local/control.js';
import { prepareShop } from '../../lab/shop-repo/setup.js';
import { serveForTest, testBase, type Started } from '../../test/support/apps.js';
import { canaryStrings, fuzzBody, type JsonSchema } from '../../test/support/fuzz-args.js';
import { freePort } from '../../test/support/ports.js';
import { createDeskApp, type DeskApp } from './app.js';
import { createErrorStore } from './errors/error-store.js';
import { createJournal } from './journal/journal.js';
import type { DeskSources } from './sources.js';
import { createDeskTools } from './tools/index.js';
import { createTraceStore } from './traces/trace-store.js';

// Every desk tool, through the real HTTP transport, with valid-looking, boundary and hostile
// arguments, while everything behind it is unreachable: Prometheus and the pager on a closed
// port, a lab whose control socket does not exist, no workspace; only the shop repository is real.

const RUNS_PER_TOOL = 25;
const SEED = 20_261_130;
const CALL_TIMEOUT_MS = 10_000;
const MAX_RESULT_BYTES = 1_000_000;

const stateDir = mkdtempSync(join(tmpdir(), 'fd-desk-fuzz-'));
const canary = join(stateDir, 'canary');
/** A file beside the shop repository, never in it: no path argument may reach it. */
const secret = join(stateDir, 'secret.txt');
const SECRET = 'the-secret-outside-the-repository';
const sources: DeskSources = {
  root: repoRoot(), stateDir, prometheusUrl: 'http://127.0.0.1:1', pagerUrl: 'http://127.0.0.1:1',
  workspaceCredentialsFile: join(stateDir, 'workspace', 'credentials.json'), runtime: controlRuntime(join(stateDir, 'lab', 'control.sock')),
};
const signals = { errors: createErrorStore(), traces: createTraceStore() };
const toolNames = createDeskTools(sources, signals).map((t) => t.name);

let desk: Started<DeskApp>;
let schemas: Map<string, JsonSchema>;

beforeAll(async () => {
  const closed = `http://127.0.0.1:${await freePort()}`;
  Object.assign(sources, { prometheusUrl: closed, pagerUrl: closed });
  prepareShop(sources.root, stateDir);
  writeFileSync(secret, `${SECRET}\n`);
  const { base, logs } = testBase('desk');
  const app = createDeskApp({ base, sources, signals, tools: createDeskTools(sources, signals), journal: createJournal(join(stateDir, 'desk', 'journal.jsonl')), version: '0.0.0-test' });
  desk = await serveForTest(app, base, logs);
  const listed = (await (await fetch(`${desk.url}/tools`)).json()) as { tools: Array<{ name: string; inputSchema: JsonSchema }> };
  schemas = new Map(listed.tools.map((t) => [t.name, t.inputSchema]));
}, 60_000);

afterAll(async () => {
  await desk?.stop();
});

interface Answer {
  status: number;
  text: string;
}

async function callTool(name: string, body: string): Promise<Answer> {
  const res = await fetch(`${desk.url}/tools/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
  return { status: res.status, text: await res.text() };
}

/** What every answer must be: JSON with ok + result, or an error with a code; a 5xx only for a source that did not answer. */
function checkAnswer(a: Answer): void {
  const body = JSON.parse(a.text) as { ok?: boolean; result?: unknown; error?: { code?: unknown; message?: unknown } };
  if (a.status === 200) {
    expect(body.ok).toBe(true);
    expect(JSON.stringify(body.result).length, 'result size').toBeLessThanOrEqual(MAX_RESULT_BYTES);
    return;
  }
  expect(typeof body.error?.code, a.text.slice(0, 500)).toBe('string');
  expect(typeof body.error?.message).toBe('string');
  if (a.status >= 500) expect([502, 503], `${a.status} ${a.text.slice(0, 500)}`).toContain(a.status);
  expect(a.text.length, 'error size').toBeLessThanOrEqual(MAX_RESULT_BYTES);
}

describe('every desk tool under fuzzed arguments, with its sources unreachable', () => {
  it.each(toolNames)('%s answers every call with structured JSON and stays up', async (name) => {
    const schema = schemas.get(name);
    if (!schema) throw new Error(`${name} is not listed by GET /tools`);
    await fc.assert(fc.asyncProperty(fuzzBody(schema, canary), async (body) => {
      checkAnswer(await callTool(name, body));
    }), { numRuns: RUNS_PER_TOOL, seed: SEED, endOnFailure: true });
    expect((await fetch(`${desk.url}/readyz`)).status).toBe(200);
  });

  it('ran no shell, polluted no prototype, and kept a journal that parses', async () => {
    expect(existsSync(canary), 'a shell ran an argument').toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    const res = await fetch(`${desk.url}/journal`);
    expect(res.status).toBe(200);
    const { entries } = (await res.json()) as { entries: Array<{ seq: number; tool: string }> };
    expect(entries.length).toBeGreaterThan(toolNames.length);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
  });
});

describe('the repository tools stay inside the shop repository', () => {
  const outside = ['../secret.txt', '../../secret.txt', `shop/../../${'secret.txt'}`, 'config/../../secret.txt', '..', '../', './../secret.txt', `..${secret}`];
  /** Paths that are odd but not outside: the root, absolute ones (rooted at the repository), git syntax, option-looking, too long. */
  const odd = ['.', '/', '/..', secret, 'HEAD:flags.json', ':(glob)**', ':!flags.json', '-', '--', '-n1', 'flags.json\u0000', 'config/\n', 'a'.repeat(5000), 'b'.repeat(130_000)];

  it.each(['git_blame', 'git_recent_commits'])('%s refuses paths outside it, and shell text is only a path', async (tool) => {
    for (const path of [...outside, ...odd, ...canaryStrings(canary)]) {
      const a = await callTool(tool, JSON.stringify({ path }));
      checkAnswer(a);
      expect(a.text, `${tool} ${path}`).not.toContain(SECRET);
      if (outside.includes(path)) expect(a.status, `${tool} ${path}: ${a.text.slice(0, 300)}`).toBe(404);
    }
    expect(existsSync(canary)).toBe(false);
  });

  it('logs_search takes shell text and hostile regexes as a search, never a command', async () => {
    for (const query of [...canaryStrings(canary), '/(a+)+$/', '/[/', '$(cat /etc/passwd)']) {
      checkAnswer(await callTool('logs_search', JSON.stringify({ query })));
    }
    expect(existsSync(canary)).toBe(false);
  });
});
