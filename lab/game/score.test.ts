import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeskScorer, scoreGame, submittedScore, type GameScorer } from './score.js';

const scorecard = { total: 81, rootCause: { right: true, score: 1 }, mitigated: true, items: [{ name: 'root cause', points: 30, max: 30, detail: 'all named' }], steps: 17 };
const call = (at: string, result: unknown, over: Record<string, unknown> = {}) => ({ type: 'call', tool: 'incident_submit_report', ok: true, at, caller: { kind: 'agent', name: 'reference', via: 'mcp-stdio' }, result, ...over });

describe('submittedScore', () => {
  it('takes the last accepted submission since the injection, in either shape the desk answers', () => {
    const entries = [
      call('2026-11-30T07:00:00Z', { reportFile: '/r/old.md', scorecard }),
      call('2026-11-30T08:10:00Z', { reportFile: '/r/a.md', scorecard }),
      call('2026-11-30T08:20:00Z', { received: true, reportFile: '/r/b.md', score: { total: 40, rootCauseRight: false, mitigated: true, items: [] } }),
      call('2026-11-30T08:21:00Z', { reportFile: '/r/bot.md', scorecard }, { caller: { kind: 'bot', via: 'http' } }),
      call('2026-11-30T08:22:00Z', { reportFile: null, note: 'could not build' }),
    ];
    expect(submittedScore(entries, '2026-11-30T08:00:00Z')).toEqual({ file: '/r/b.md', scorecard: { total: 40, rootCause: { right: false }, mitigated: true, items: [] } });
    expect(submittedScore(entries.slice(0, 2), '2026-11-30T08:00:00Z')?.scorecard).toMatchObject({ total: 81, steps: 17 });
    expect(submittedScore(entries.slice(0, 1), '2026-11-30T08:00:00Z')).toBeUndefined();
  });
});

describe('the desk scorer', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  });

  async function desk(status: number, body: unknown): Promise<{ url: string; seen: () => unknown }> {
    let seen: unknown;
    const server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        seen = { method: req.method, url: req.url, type: req.headers['content-type'], body: JSON.parse(text) as unknown };
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen: () => seen };
  }

  it('POSTs /game/score with the run and reads the report file and scorecard', async () => {
    const d = await desk(200, { file: '/r/x.md', jsonFile: '/r/x.json', scorecard });
    expect(await createDeskScorer().score({ run: 'run-1', deskUrl: d.url, stateDir: '/s' })).toEqual({ file: '/r/x.md', scorecard });
    expect(d.seen()).toEqual({ method: 'POST', url: '/game/score', type: 'application/json', body: { run: 'run-1' } });
  });

  it('refuses a report built for another chaos run (a stale one from the game before)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fd-score-'));
    const jsonFile = join(dir, 'r.json');
    writeFileSync(jsonFile, JSON.stringify({ run: 'run-0', scorecard }));
    const stale = await desk(200, { file: join(dir, 'r.md'), jsonFile, run: 'run-1', scorecard });
    await expect(createDeskScorer().score({ run: 'run-1', deskUrl: stale.url, stateDir: '/s' })).rejects.toMatchObject({ code: 'score_stale', message: expect.stringContaining('report of chaos run run-0') });
    writeFileSync(jsonFile, JSON.stringify({ run: 'run-1', scorecard }));
    expect((await createDeskScorer().score({ run: 'run-1', deskUrl: stale.url, stateDir: '/s' })).file).toBe(join(dir, 'r.md'));
  });

  it('says what the desk answered when it cannot score', async () => {
    const d = await desk(409, { error: { code: 'no_game', message: 'no scenario has been injected' } });
    await expect(createDeskScorer().score({ run: 'run-1', deskUrl: d.url, stateDir: '/s' })).rejects.toThrow(/HTTP 409 no_game: no scenario has been injected/);
    const odd = await desk(200, { nope: true });
    await expect(createDeskScorer().score({ run: 'run-1', deskUrl: odd.url, stateDir: '/s' })).rejects.toThrow(/unexpected body/);
  });
});

describe('scoreGame', () => {
  it('prefers the submission, and asks the scorer only without one', async () => {
    let asked = 0;
    const scorer: GameScorer = { score: async () => ((asked += 1), { file: '/r/fresh.md', scorecard }) };
    const journal = [call('2026-11-30T08:10:00Z', { reportFile: '/r/a.md', scorecard })];
    expect(await scoreGame('/s', { run: 'run-1', deskUrl: 'http://x', journal, since: '2026-11-30T08:00:00Z', scorer })).toMatchObject({ file: '/r/a.md', source: 'submission' });
    expect(asked).toBe(0);
    expect(await scoreGame('/s', { run: 'run-1', deskUrl: 'http://x', journal: [], since: '2026-11-30T08:00:00Z', scorer })).toMatchObject({ file: '/r/fresh.md', source: 'scorer' });
    expect(asked).toBe(1);
  });
});
