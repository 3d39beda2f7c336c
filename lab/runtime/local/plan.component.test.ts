import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envPrefix } from '../../../services/kit/config.js';
import { deployables } from '../../deployables.js';
import { repoRoot } from '../../paths.js';
import { defaultPorts, labPlan } from './plan.js';

// labPlan prepares the shop repository (git) and writes config under the state dir: a component test.

describe('labPlan: where the deployables send errors and spans', () => {
  const desk = 18_190;
  const plan = labPlan({ root: repoRoot(), stateDir: mkdtempSync(join(tmpdir(), 'fd-plan-')), ports: { ...defaultPorts, desk }, scrapeInterval: '1s' });
  const nodes = plan.filter((p) => p.command === process.execPath);

  it('runs every deployable of lab/deployables.ts as a node process', () => {
    expect(nodes.map((p) => p.name).sort()).toEqual(deployables.map((d) => d.name).sort());
  });

  it('points every deployable but the desk at the desk\'s error and OTLP endpoints, on the desk\'s port', () => {
    for (const p of nodes.filter((n) => n.name !== 'desk')) {
      const prefix = envPrefix(p.name);
      expect(p.env[`${prefix}_ERROR_REPORT_URL`], p.name).toBe(`http://127.0.0.1:${desk}/api/errors`);
      expect(p.env[`${prefix}_OTLP_ENDPOINT`], p.name).toBe(`http://127.0.0.1:${desk}/v1/traces`);
    }
  });

  it('leaves the desk without them: it would report to itself', () => {
    const own = nodes.find((n) => n.name === 'desk');
    expect(own).toBeDefined();
    expect(Object.keys(own?.env ?? {}).filter((k) => /_(ERROR_REPORT_URL|OTLP_ENDPOINT)$/.test(k))).toEqual([]);
  });
});
