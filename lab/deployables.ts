/**
 * Every deployable the lab knows: its folder under services/ (or lab/, bot/), the
 * compiled entry point, its default port and what it does. The CLI, and later the
 * supervisor and the Kubernetes manifests, read this one list.
 */
export interface Deployable {
  name: string;
  entry: string;
  port: number;
  summary: string;
}

export const deployables: readonly Deployable[] = [
  { name: 'storefront', entry: 'services/storefront/main.js', port: 8080, summary: 'the shop web site: home, products, cart, checkout; calls orders through a circuit breaker' },
  { name: 'orders', entry: 'services/orders/main.js', port: 8081, summary: 'orders API on Redis: carts, idempotent order create, partner batches on a stream, bounded pool' },
  { name: 'fulfillment', entry: 'services/fulfillment/main.js', port: 8082, summary: 'dispatcher: batches from the stream to partner webhooks; timeout, retries, Idempotency-Key, re-drive' },
  { name: 'partners', entry: 'services/partners/main.js', port: 8083, summary: 'webhook receivers for acme, bolt, cargo: ack after 1-4 s, dedupe only by Idempotency-Key, shipment ground truth' },
  { name: 'seating', entry: 'services/seating/main.js', port: 8084, summary: 'event ticketing: seat maps, seat assignments (a known race), a duplicate-seat audit' },
  { name: 'pager', entry: 'lab/pager/main.js', port: 8091, summary: 'Alertmanager webhook receiver: incidents per alert group, timelines, acknowledge/resolve, escalation' },
  { name: 'workspace', entry: 'bot/workspace/main.js', port: 8088, summary: 'the local Slack-compatible workspace: Web API, Socket Mode and HTTP events, and the page people play in' },
  { name: 'desk', entry: 'bot/desk/main.js', port: 8090, summary: 'the investigator\'s desk: every tool (MCP over Streamable HTTP at /mcp, HTTP at /tools), the journal of every call' },
  { name: 'bot', entry: 'bot/app/main.js', port: 8092, summary: 'the Slack bot (bot/app): coworkers who answer from live data, the process coach, /drill; Socket Mode, or HTTP events on this port' },
  { name: 'traffic', entry: 'lab/traffic/main.js', port: 8085, summary: 'traffic driver: shoppers, ticket buyers and API clients at steady rates; ground truth for failed shoppers' },
];

export function findDeployable(name: string): Deployable | undefined {
  return deployables.find((d) => d.name === name);
}
