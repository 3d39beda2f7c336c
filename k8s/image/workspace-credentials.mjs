// `node workspace-credentials.mjs <from> <to> <base url>`: waits for the local workspace's
// credentials.json on the shared state volume and writes a copy whose URLs use the
// workspace's Service. The workspace writes the address it listens on (0.0.0.0 in a pod),
// which only reaches it from inside its own pod.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const [from, to, base] = process.argv.slice(2);
if (!from || !to || !base) throw new Error('usage: workspace-credentials.mjs <from> <to> <base url>');
const deadline = Date.now() + 10 * 60_000;

while (!existsSync(from)) {
  // A pod that never sees the workspace fails and is restarted, so `kubectl get pods` shows it.
  if (Date.now() > deadline) throw new Error(`workspace-credentials: ${from} did not appear in 10 minutes; is the workspace running?`);
  process.stdout.write(`${JSON.stringify({ level: 'info', msg: 'waiting for the workspace', file: from })}\n`);
  await sleep(2000);
}
const creds = JSON.parse(readFileSync(from, 'utf8'));
const origin = base.replace(/\/+$/, '');
const rebase = (url) => (typeof url === 'string' ? url.replace(/^https?:\/\/[^/]+/, origin) : url);
writeFileSync(to, JSON.stringify({ ...creds, apiUrl: rebase(creds.apiUrl), pageUrl: rebase(creds.pageUrl) }, null, 2), { mode: 0o600 });
chmodSync(to, 0o600);
process.stdout.write(`${JSON.stringify({ level: 'info', msg: 'credentials written', file: to, apiUrl: `${origin}/api/` })}\n`);
