import { deployables } from '../deployables.js';

export function usage(version: string): string {
  const services = deployables.map((d) => `    ${d.name.padEnd(12)} :${d.port}  ${d.summary}`).join('\n');
  return `firedrill ${version} — a real-stack incident game-day lab

Usage:
  npx firedrill <command> [options]

Commands:
  lab                 run the local lab in the foreground: Redis, the shop, traffic, pager, Prometheus, Alertmanager
  lab status          each lab process: pid, port, state, restarts, uptime, RSS
  lab stop            stop a running lab (from another terminal)
  start <service>     run one deployable in the foreground (Ctrl-C stops it)
  services            list the deployables with their ports and commands
  help [command]      show this help, or a command's
  version             print the version

Deployables:
${services}

Examples:
  npx firedrill start orders              # needs Redis on 127.0.0.1:6390 (ORDERS_REDIS_URL)
  ORDERS_PORT=0 npx firedrill start orders
  npx firedrill start storefront          # calls orders at STOREFRONT_ORDERS_URL

Each service reads <SERVICE>_* environment variables (see services/<name>/README.md);
\`start\` points <SERVICE>_CONFIG_FILE and <SERVICE>_FLAGS_FILE at the shop's seed
config (lab/shop-seed/) unless you set them.

Make targets: run \`make help\`.
`;
}

export const commandHelp: Record<string, string> = {
  lab: `Usage: npx firedrill lab [status|stop] [--state-dir DIR] [--port NAME=N ...] [--scrape-interval 5s] [--fast-alerts]

Runs the local lab in the foreground: Redis (6390), orders (8081), partners (8083),
fulfillment (8082), storefront (8080), seating (8084), the traffic driver (8085), the
pager (8091), Alertmanager (9393) and Prometheus (9390), each started after what it
needs and health-gated, with progress. --fast-alerts uses the test profile's
Alertmanager waits (1 s group wait, 5 s group interval).
When all are ready it prints the URLs. Ctrl-C (or \`npx firedrill lab stop\`) stops all
of them. A process that dies is restarted with backoff. Logs: .firedrill/logs/<name>.log.
  lab status   one line per process: name, state, pid, port, restarts, uptime, RSS
  lab stop     stop the lab started from another terminal and wait until nothing is left
`,
  start: `Usage: npx firedrill start <service>

Runs one deployable from dist/ in the foreground as a child process and forwards
Ctrl-C / SIGTERM to it, so it drains in-flight requests before exiting.
Environment: <SERVICE>_PORT, <SERVICE>_HOST, <SERVICE>_LOG_LEVEL, <SERVICE>_CONFIG_FILE,
<SERVICE>_FLAGS_FILE, <SERVICE>_OTLP_ENDPOINT, <SERVICE>_ERROR_REPORT_URL, and the
service's own (services/<name>/README.md).
`,
  services: `Usage: npx firedrill services

Lists every deployable with its default port and the command that starts it.
`,
};
