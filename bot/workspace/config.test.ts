import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { problemsOf } from '../../test/support/config.js';
import { loadWorkspaceConfig, workspaceDeploySchema } from './config.js';

describe('workspace config', () => {
  it('bot/workspace/workspace.yaml spells out exactly the schema defaults', () => {
    const path = fileURLToPath(new URL('./workspace.yaml', import.meta.url));
    expect(parseYaml(readFileSync(path, 'utf8'))).toEqual(workspaceDeploySchema.parse({}));
  });

  it('defaults to port 8088 and a state dir under .firedrill', () => {
    const c = loadWorkspaceConfig({});
    expect(c.settings.port).toBe(8088);
    expect(c.stateDir).toBe('.firedrill/workspace');
  });

  it('names every bad key with what it expects', () => {
    const problems = problemsOf(() => loadWorkspaceConfig({ WORKSPACE_PORT: 'http', WORKSPACE_STATEDIR: '/tmp/x' }));
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^WORKSPACE_PORT: expected a TCP port/),
      expect.stringMatching(/^WORKSPACE_STATEDIR: unknown setting; known settings are WORKSPACE_PORT, .*WORKSPACE_STATE_DIR/),
    ]));
  });
});
