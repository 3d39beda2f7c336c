import { Counter, type Registry } from 'prom-client';

export interface BotMetrics {
  messages: Counter<'channel'>;
  replies: Counter<'persona' | 'verdict'>;
}

export function createBotMetrics(registry: Registry): BotMetrics {
  return {
    messages: new Counter({
      name: 'bot_messages_total',
      help: 'People\'s and agents\' messages the bot read, in channels or direct messages.',
      labelNames: ['channel'],
      registers: [registry],
    }),
    replies: new Counter({
      name: 'bot_replies_total',
      help: 'Coworker replies posted, by persona and verdict (answered, confirmed, challenged, symptom, approved, questioned).',
      labelNames: ['persona', 'verdict'],
      registers: [registry],
    }),
  };
}
