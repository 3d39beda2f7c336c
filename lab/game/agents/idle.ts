import { connectAgent } from './mcp-agent.js';

/**
 * An agent that connects and then does nothing: the game's timeout and scoring of an
 * empty run are tested with it. It ends only when the game kills its process group or
 * closes its stdin.
 */
const session = await connectAgent('firedrill-idle');
process.stderr.write('idle agent: connected; doing nothing until stopped\n');
process.stdin.on('end', () => {
  void session.close().then(() => process.exit(0));
});
// The stdin pipe alone keeps the process up; the timer says so explicitly, should the transport ever unref it.
setInterval(() => undefined, 60_000);
