// Forwards loopback ports to Services in the cluster: `node loopback-proxy.mjs 8080=storefront:8080 ...`.
// The traffic driver only sends load to loopback (its guard against hitting someone else's
// host), so in a pod this sidecar is the shop on 127.0.0.1, as on the local lab's machine.
import { createConnection, createServer } from 'node:net';

const routes = process.argv.slice(2).map((arg) => {
  const match = /^(\d+)=([a-z0-9.-]+):(\d+)$/.exec(arg);
  if (!match) throw new Error(`loopback-proxy: "${arg}" is not <local port>=<host>:<port>`);
  return { listen: Number(match[1]), host: match[2], port: Number(match[3]) };
});
if (routes.length === 0) throw new Error('loopback-proxy: no routes; expected <local port>=<host>:<port> ...');

for (const route of routes) {
  const server = createServer((client) => {
    const upstream = createConnection({ host: route.host, port: route.port });
    // A refused or reset upstream ends this one connection; the driver counts it as failed.
    const end = () => { client.destroy(); upstream.destroy(); };
    client.on('error', end);
    upstream.on('error', end);
    client.pipe(upstream).pipe(client);
  });
  server.listen(route.listen, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ level: 'info', service: 'loopback', msg: 'forwarding', from: `127.0.0.1:${route.listen}`, to: `${route.host}:${route.port}` })}\n`);
  });
}
process.on('SIGTERM', () => process.exit(0));
