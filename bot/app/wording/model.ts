import type { Logger } from 'pino';
import type { Persona } from '../personas/types.js';

export interface ModelSettings {
  /** An OpenAI-compatible API base, e.g. http://127.0.0.1:11434/v1 (Ollama) or https://api.openai.com/v1. */
  url: string;
  model: string;
  apiKey: string | undefined;
  timeoutMs?: number;
}

/** Rewords a coworker's reply; facts and verdicts are the engine's, so the engine's text is the fallback. */
export type Wording = (persona: Persona, text: string) => Promise<string>;

export const plainWording: Wording = async (_persona, text) => text;

/** Numbers, times, ids and handles: what a rewording must keep, character for character. */
export function factTokens(text: string): string[] {
  return [...new Set(text.match(/\b\d{1,2}:\d{2}(?::\d{2})?\b|\b[A-Z]+-\d+\b|\b\d+(?:\.\d+)?%?|@[a-z][a-z0-9._-]*/g) ?? [])];
}

/**
 * Wording from a model behind an OpenAI-compatible `/chat/completions`: the model only
 * restyles the engine's reply in the persona's voice. A reply that drops any number, time,
 * ticket or handle of the original — or a model that errs or is slow — gives the engine's
 * own text, so a model can never change what a coworker claims.
 */
export function createModelWording(settings: ModelSettings, log: Logger): Wording {
  return async (persona, text) => {
    try {
      const res = await fetch(`${settings.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}) },
        body: JSON.stringify({
          model: settings.model,
          temperature: 0.3,
          messages: [
            {
              role: 'system',
              content: `You are ${persona.name} (${persona.role}) replying in a Slack incident thread. Rewrite the message below in your own casual, terse voice. Keep every number, time, ticket id, @handle and the verdict exactly; add no facts; keep Slack mrkdwn; at most 700 characters.`,
            },
            { role: 'user', content: text },
          ],
        }),
        signal: AbortSignal.timeout(settings.timeoutMs ?? 8000),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = (await res.json()) as { choices?: Array<{ message?: { content?: string } }> };
      const out = body.choices?.[0]?.message?.content?.trim();
      if (!out) throw new Error('no choices[0].message.content in the answer');
      const lost = factTokens(text).filter((t) => !out.includes(t));
      if (lost.length > 0) {
        log.warn({ persona: persona.handle, lost }, 'model wording dropped facts; using the engine\'s text');
        return text;
      }
      return out;
    } catch (err) {
      log.warn({ err, persona: persona.handle }, 'model wording failed; using the engine\'s text');
      return text;
    }
  };
}
