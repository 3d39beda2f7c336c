import { describe, expect, it } from 'vitest';
import { repoRoot } from '../paths.js';
import { applyEdits, commitDate, importedFiles, pastCommits } from './history.js';
import { seedFiles } from './repo.js';

const seed = seedFiles(repoRoot());

describe('the shop repository history', () => {
  it('replayed forward from the import ends exactly at the seed config', () => {
    let files = importedFiles(seed);
    expect(files).not.toEqual(seed);
    for (const c of pastCommits) {
      const next = applyEdits(files, c.edits);
      expect(next, c.message).not.toEqual(files);
      files = next;
    }
    expect(files).toEqual(seed);
  });

  it('is written by several coworkers, oldest first, each message with its ticket id', () => {
    expect(new Set(pastCommits.map((c) => c.author.handle)).size).toBeGreaterThanOrEqual(3);
    const days = pastCommits.map((c) => c.daysAgo);
    expect(days).toEqual([...days].sort((a, b) => b - a));
    for (const c of pastCommits) expect(c.message).toMatch(/^(PLAT|ORD|FUL|TIX)-\d+ /);
  });

  it('the import is valid config for every service, as it was deployed then', async () => {
    const { checkDeployText } = await import('../../services/kit/config.js');
    const { deploySchemas } = await import('./schemas.js');
    const imported = importedFiles(seed);
    for (const [service, schema] of Object.entries(deploySchemas)) {
      expect(checkDeployText(schema, imported[`config/${service}.yaml`] ?? '', service).problems).toEqual([]);
    }
  });

  it('dates commits in UTC days before now', () => {
    expect(commitDate(new Date('2026-11-29T03:00:00Z'), 2, '11:40').toISOString()).toBe('2026-11-27T11:40:00.000Z');
  });

  it('refuses an edit whose text is not in the file exactly once', () => {
    expect(() => applyEdits({ 'a.yaml': 'x: 1\nx: 1\n' }, [{ file: 'a.yaml', from: 'x: 1\n', to: 'x: 2\n' }])).toThrow(/exactly one/);
    expect(() => applyEdits({}, [{ file: 'a.yaml', from: 'x', to: 'y' }])).toThrow(/no file a.yaml/);
  });
});
