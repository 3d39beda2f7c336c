import { connectAgent, AgentStop, type AgentSession } from './mcp-agent.js';
import { respond } from './respond.js';

/**
 * The reference responder: a scripted agent that works an incident the way the brief asks
 * (data first, a theory confirmed by the change's author, a fix approved in #incidents,
 * the fix verified, a report), generic over scenarios. It is an MCP client on its own
 * stdio; the game (`firedrill game run`) is its server. Its log goes to stderr.
 */
const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} reference: ${line}\n`);

let session: AgentSession | undefined;
try {
  session = await connectAgent('firedrill-reference');
  const briefing = process.env.FIREDRILL_BRIEFING ?? await session.briefing();
  const done = await respond(session, { briefing, now: () => new Date(), log });
  log(done ? 'done: the report is in' : 'done, without a report');
  process.exitCode = done ? 0 : 1;
} catch (err) {
  if (err instanceof AgentStop) {
    log(`stopped by the game: ${err.message}`);
    process.exitCode = 3;
  } else {
    log(`failed: ${(err as Error).stack ?? String(err)}`);
    process.exitCode = 1;
  }
} finally {
  await session?.close().catch(() => undefined);
  // Closing the transport pauses stdin but may not release it; the run is over either way.
  process.exit();
}
