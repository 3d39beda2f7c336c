import { setTimeout as delay } from 'node:timers/promises';
import type { Probe } from '../scenario/schema.js';
import { durationMs } from './steps.js';

export interface ProbeEnv {
  /** `http://127.0.0.1:<port>` of a lab deployable. */
  serviceUrl(name: string): string;
  prometheusUrl: string;
}

export interface ProbeResult {
  name: string;
  ok: boolean;
  detail: string;
}

const compare = { '<': (a: number, b: number) => a < b, '<=': (a: number, b: number) => a <= b, '==': (a: number, b: number) => a === b, '>=': (a: number, b: number) => a >= b, '>': (a: number, b: number) => a > b, '!=': (a: number, b: number) => a !== b };

async function checkOnce(env: ProbeEnv, probe: Probe): Promise<{ ok: boolean; detail: string }> {
  try {
    if (probe.kind === 'http') {
      const res = await fetch(`${env.serviceUrl(probe.service)}${probe.path}`, { signal: AbortSignal.timeout(5000), redirect: 'manual' });
      await res.arrayBuffer();
      return { ok: res.status === probe.expectStatus, detail: `${probe.service} ${probe.path} answered ${res.status} (want ${probe.expectStatus})` };
    }
    const res = await fetch(`${env.prometheusUrl}/api/v1/query?query=${encodeURIComponent(probe.query)}`, { signal: AbortSignal.timeout(5000) });
    const body = (await res.json()) as { status: string; error?: string; data?: { result: Array<{ value: [number, string] }> } };
    if (body.status !== 'success') return { ok: false, detail: `Prometheus: ${body.error ?? res.status}` };
    const raw = body.data?.result[0]?.value[1];
    if (raw === undefined) return { ok: false, detail: `no data for ${probe.query}` };
    const value = Number(raw);
    return { ok: compare[probe.op](value, probe.value), detail: `${probe.query} = ${value} (want ${probe.op} ${probe.value})` };
  } catch (err) {
    return { ok: false, detail: `${probe.kind === 'http' ? probe.service : 'Prometheus'} unreachable: ${(err as Error).message}` };
  }
}

/** A probe holds when no more than `tolerance.failures` of its `attempts` checks fail. */
export async function checkProbe(env: ProbeEnv, probe: Probe): Promise<ProbeResult> {
  let failures = 0;
  let last = { ok: true, detail: '' };
  for (let i = 0; i < probe.tolerance.attempts; i += 1) {
    if (i > 0) await delay(durationMs(probe.tolerance.every));
    last = await checkOnce(env, probe);
    if (!last.ok) failures += 1;
    if (failures > probe.tolerance.failures) return { name: probe.name, ok: false, detail: last.detail };
  }
  return { name: probe.name, ok: true, detail: last.detail };
}

export async function checkProbes(env: ProbeEnv, probes: readonly Probe[]): Promise<ProbeResult[]> {
  return Promise.all(probes.map((p) => checkProbe(env, p)));
}
