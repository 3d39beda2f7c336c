import type { Person } from '../../../lab/shop-repo/git.js';
import type { Caller } from '../registry/tool.js';

/**
 * Who a remediation is done as: the investigator behind the call. Commits, deploys, pager
 * acknowledgements and status updates carry this name, so the report and the coworkers see
 * who changed what.
 */
export function actorOf(caller: Caller): Person {
  const raw = (caller.name ?? caller.kind).trim();
  const handle = raw.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'investigator';
  return { handle, name: raw === '' ? 'Investigator' : raw.slice(0, 80), email: `${handle}@oncall.shop.example` };
}
