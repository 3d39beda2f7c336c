import { describe, expect, it } from 'vitest';
import { loadDeskConfig } from './config.js';

describe('the desk config: the coach mode', () => {
  const env = { DESK_STATE_DIR: '/tmp/fd-state' };

  it('warns by default and takes off or enforce from DESK_COACH_MODE', () => {
    expect(loadDeskConfig(env).coachMode).toBe('warn');
    expect(loadDeskConfig({ ...env, DESK_COACH_MODE: 'enforce' }).coachMode).toBe('enforce');
    expect(loadDeskConfig({ ...env, DESK_COACH_MODE: 'off' }).coachMode).toBe('off');
  });

  it('names the key and the valid modes when it is wrong', () => {
    expect(() => loadDeskConfig({ ...env, DESK_COACH_MODE: 'strict' })).toThrow(/DESK_COACH_MODE: expected one of off, warn, enforce \(got "strict"\)/);
  });
});
