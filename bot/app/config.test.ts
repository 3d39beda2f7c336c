import { describe, expect, it } from 'vitest';
import { loadBotConfig } from './config.js';

const base = { BOT_STATE_DIR: '/tmp/fd' };

describe('the bot\'s config', () => {
  it('plays in the local workspace without Slack tokens, from the lab\'s credentials file', () => {
    const c = loadBotConfig(base);
    expect(c.slack).toEqual({ kind: 'local', credentialsFile: '/tmp/fd/workspace/credentials.json' });
    expect(c.mode).toBe('socket');
    expect(c.coachMode).toBe('warn');
    expect(c.llm).toBeUndefined();
  });

  it('plays in a real workspace with SLACK_BOT_TOKEN, and names what Socket Mode or HTTP mode still needs', () => {
    expect(loadBotConfig({ ...base, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack).toMatchObject({ kind: 'real', botToken: 'xoxb-1', appToken: 'xapp-1' });
    expect(() => loadBotConfig({ ...base, SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_APP_TOKEN is not set/);
    expect(() => loadBotConfig({ ...base, SLACK_BOT_TOKEN: 'xoxb-1', BOT_MODE: 'http' })).toThrow(/SLACK_SIGNING_SECRET is not set/);
    expect(loadBotConfig({ ...base, SLACK_BOT_TOKEN: 'xoxb-1', BOT_MODE: 'http', SLACK_SIGNING_SECRET: 's' }).mode).toBe('http');
  });

  it('refuses a token of the wrong kind, naming the variable and the fix', () => {
    expect(() => loadBotConfig({ ...base, SLACK_BOT_TOKEN: 'xoxp-user-token' })).toThrow(/SLACK_BOT_TOKEN: expected the Bot User OAuth Token \(xoxb-/);
    expect(() => loadBotConfig({ ...base, BOT_MODE: 'websocket' })).toThrow(/MODE/);
  });

  it('sets up model wording only when BOT_LLM_URL is given', () => {
    expect(loadBotConfig({ ...base, BOT_LLM_URL: 'http://127.0.0.1:11434/v1/', LLM_API_KEY: 'k' }).llm).toEqual({ url: 'http://127.0.0.1:11434/v1', model: 'gpt-4o-mini', apiKey: 'k' });
  });
});
