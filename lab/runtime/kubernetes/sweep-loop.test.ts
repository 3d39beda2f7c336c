import { pino } from 'pino';
import { afterEach, it } from 'vitest';
import { until } from '../../../test/support/poll.js';
import { CHAOS_EXPIRES_AT } from './labels.js';
import { NS } from './stand-in/stand-in-fixtures.js';
import { startStandInLab, type StandInLab } from './stand-in/stand-in-lab.js';
import { startExpirySweep } from './sweep-loop.js';

let lab: StandInLab | undefined;
afterEach(async () => {
  await lab?.server.close();
});

it('sweeps expired chaos on its interval', async () => {
  lab = await startStandInLab();
  const l = lab;
  const replicas = () => (l.server.get('deployments', NS, 'fulfillment')?.spec as { replicas: number }).replicas;
  const prior = replicas();
  await l.runtime.scale('fulfillment', 0, { expiresAt: new Date(Date.now() - 1), run: 'loop' });
  const loop = startExpirySweep(l.runtime, { intervalMs: 20, log: pino({ level: 'silent' }) });
  try {
    await until('the expired scale to be undone', () => replicas() === prior && !(l.server.get('deployments', NS, 'fulfillment')?.metadata as { annotations?: Record<string, string> }).annotations?.[CHAOS_EXPIRES_AT]);
  } finally {
    loop.stop();
  }
});
