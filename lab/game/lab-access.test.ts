import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterLabAccess, gameLab } from './lab-access.js';

describe('the lab a game plays in', () => {
  it('on Kubernetes: the namespace\'s Services, and a runner started in the same namespace', () => {
    const stateDir = '/state';
    const lab = clusterLabAccess('/app', stateDir, { namespace: 'team1', context: undefined, allowOtherContext: false });
    expect(lab).toMatchObject({ deskUrl: 'http://desk:8090', pagerUrl: 'http://pager:8091', prometheusUrl: 'http://prometheus:9390', deskJournalFile: '/state/desk/journal.jsonl', reportsDir: '/state/reports' });
    expect(lab.probeEnv.serviceUrl('storefront')).toBe('http://storefront:8080');
    expect(lab.runnerArgs).toEqual(['--runtime', 'kubernetes', '--namespace', 'team1']);
    expect(clusterLabAccess('/app', stateDir, { namespace: 'x', context: 'kind-y', allowOtherContext: true }).runnerArgs)
      .toEqual(['--runtime', 'kubernetes', '--namespace', 'x', '--context', 'kind-y', '--allow-other-context']);
  });

  it('locally without a running lab: says how to start one', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'fd-game-'));
    expect(() => gameLab({ root: '/app', stateDir })).toThrow(/no lab is running in .*make lab/);
  });
});
