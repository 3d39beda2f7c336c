import { describe, expect, it } from 'vitest';
import type { Reply } from './http.js';
import { judgeStep } from './outcome.js';

const answer = (status: number): Reply => ({ kind: 'answer', status, headers: new Headers(), text: '' });

describe('judging a session step', () => {
  it.each([200, 201, 204, 302, 303])('carries on after %i', (status) => {
    expect(judgeStep(answer(status))).toBe('ok');
  });

  it('counts the breaker page (503) as blocked', () => {
    expect(judgeStep(answer(503))).toBe('blocked');
  });

  it.each([500, 502, 504, 400, 404, 422])('counts %i as abandoned', (status) => {
    expect(judgeStep(answer(status))).toBe('abandoned');
  });

  it('counts a timeout or no connection as abandoned, and a shutdown as neither', () => {
    expect(judgeStep({ kind: 'failed', reason: 'timeout' })).toBe('abandoned');
    expect(judgeStep({ kind: 'failed', reason: 'network' })).toBe('abandoned');
    expect(judgeStep({ kind: 'stopped' })).toBe('stopped');
  });
});
