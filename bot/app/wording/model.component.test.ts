import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Persona } from '../personas/types.js';
import { createModelWording, factTokens } from './model.js';

// An OpenAI-compatible /chat/completions on a free port: it answers what the test says the
// model would, and records what it was sent.

const dan: Persona = { handle: 'dan', name: 'Dan Moreno', icon: ':package:', role: 'fulfillment engineer', knows: [], topics: [], approves: false };
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function model(answer: (body: { model: string; messages: Array<{ role: string; content: string }> }, req: IncomingMessage) => { status: number; content?: string }) {
  const seen: Array<{ auth: string | undefined; body: { model: string; messages: Array<{ role: string; content: string }> } }> = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as { model: string; messages: Array<{ role: string; content: string }> };
      seen.push({ auth: req.headers.authorization, body });
      const out = answer(body, req);
      res.writeHead(out.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out.status === 200 ? { choices: [{ index: 0, message: { role: 'assistant', content: out.content } }] } : { error: { message: 'nope' } }));
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, seen };
}

const engine = 'Partners shipped 12 batches more than once — acme 5, bolt 4, cargo 3 — since 07:41:35 UTC (PERF-812).';

describe('wording from an OpenAI-compatible model', () => {
  it('uses the model\'s rewording when it keeps every figure, time and ticket, and sends the persona and key', async () => {
    const m = await model(() => ({ status: 200, content: 'yeah, PERF-812 bit us: 12 dupes (acme 5, bolt 4, cargo 3) since 07:41:35 UTC' }));
    const word = createModelWording({ url: m.url, model: 'small-model', apiKey: 'sk-test' }, pino({ level: 'silent' }));
    expect(await word(dan, engine)).toBe('yeah, PERF-812 bit us: 12 dupes (acme 5, bolt 4, cargo 3) since 07:41:35 UTC');
    expect(m.seen[0]?.auth).toBe('Bearer sk-test');
    expect(m.seen[0]?.body.model).toBe('small-model');
    expect(m.seen[0]?.body.messages[0]?.content).toContain('Dan Moreno');
    expect(m.seen[0]?.body.messages[1]?.content).toBe(engine);
  });

  it('keeps the engine\'s text when the model drops or changes a figure, errs, or says nothing', async () => {
    for (const out of [{ status: 200, content: 'lots of dupes since PERF-812, acme 5 bolt 4 cargo 3' }, { status: 500 }, { status: 200, content: '' }]) {
      const m = await model(() => out);
      const word = createModelWording({ url: m.url, model: 'x', apiKey: undefined }, pino({ level: 'silent' }));
      expect(await word(dan, engine)).toBe(engine);
    }
  });

  it('a model that does not answer in time leaves the engine\'s text', async () => {
    const word = createModelWording({ url: 'http://127.0.0.1:9/v1', model: 'x', apiKey: undefined, timeoutMs: 500 }, pino({ level: 'silent' }));
    expect(await word(dan, engine)).toBe(engine);
  });

  it('knows which tokens are facts', () => {
    expect(factTokens(engine)).toEqual(expect.arrayContaining(['12', '5', '4', '3', '07:41:35', 'PERF-812']));
  });
});
