import { deployables } from '../deployables.js';

export function usage(version: string): string {
  const services = deployables.map((d) => `    ${d.name.padEnd(12)} :${d.port}  ${d.summary}`).join('\n');
  return `firedrill ${version} — a real-stack incident game-day lab

Usage:
  npx firedrill <command> [options]

Commands:
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
