import { describe, expect, it } from 'vitest';
import { parseQuery, scoreText } from './search-query.js';

describe('parseQuery', () => {
  it('separates words, phrases, exclusions and modifiers', () => {
    const q = parseQuery('Pool "batch size" -noise in:#orders from:<@U123|dan> is:thread has:reaction http://x.example/a');
    expect(q).toMatchObject({ words: ['pool'], phrases: ['batch size', 'http x example a'], excluded: ['noise'], in: ['#orders'], from: ['<@U123|dan>'], isThread: true, hasReaction: true });
  });

  it('turns before:, after: and on: into exclusive epoch-second bounds', () => {
    const start = Date.parse('2024-05-02T00:00:00Z') / 1000;
    expect(parseQuery('before:2024-05-02')).toMatchObject({ before: start });
    expect(parseQuery('after:2024-05-02')).toMatchObject({ after: start + 86_400 });
    const on = parseQuery('on:2024-05-02');
    expect(on.after).toBeLessThan(start);
    expect(on.before).toBe(start + 86_400);
    const now = new Date('2024-05-03T15:00:00Z');
    expect(parseQuery('on:yesterday', now)).toMatchObject({ before: start + 86_400 });
    expect(parseQuery('before:today', now)).toMatchObject({ before: start + 86_400 });
    expect(parseQuery('before:someday', now)).toMatchObject({ phrases: ['before someday'] });
  });
});

describe('scoreText', () => {
  it('needs every word (as a word prefix) and every phrase, and none of the exclusions', () => {
    const q = parseQuery('deploy "pool size"');
    expect(scoreText(q, 'Deployed: pool size 10 -> 4')).toBeGreaterThan(0);
    expect(scoreText(q, 'redeploy pool size')).toBeUndefined();
    expect(scoreText(q, 'deploy pool sizes')).toBeUndefined();
    expect(scoreText(parseQuery('deploy -rollback'), 'deploy then rollback')).toBeUndefined();
  });

  it('scores more hits higher', () => {
    const q = parseQuery('timeout');
    expect(scoreText(q, 'timeout timeout') ?? 0).toBeGreaterThan(scoreText(q, 'a timeout') ?? 0);
  });
});
