import type { Logger } from 'pino';
import { RuntimeError } from '../runtime.js';
import { isStaleWrite } from './errors.js';

/**
 * A read-modify-write on a Deployment, retried once when another writer got in between
 * (409 Conflict on our resourceVersion): the second attempt reads the object afresh.
 */
export async function withStaleRetry<T>(log: Logger, deployable: string, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (err) {
    if (!(err instanceof RuntimeError) || !isStaleWrite(err.cause)) throw err;
    log.warn({ deployable }, 'deployment changed under us; retrying once on a fresh read');
    return attempt();
  }
}
