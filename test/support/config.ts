import { expect } from 'vitest';
import { ConfigError } from '../../services/kit/config.js';

/** Runs `fn`, expects a ConfigError, and returns its problems. */
export function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}
