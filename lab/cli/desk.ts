import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createDeskClient } from '../../bot/desk/client.js';
import { createMcpServer } from '../../bot/desk/transport/mcp-server.js';
import { defaultPorts } from '../runtime/local/plan.js';
import { who } from './deploy.js';
import { readState } from './lab.js';
import { CliError } from './start.js';

export interface DeskArgs {
  deskUrl: string;
  json: string | undefined;
  full: boolean;
  positional: string[];
}

/** `--desk URL`, else FIREDRILL_DESK_URL, else the running lab's desk port, else 8090. */
export function parseDeskArgs(defaultStateDir: string, env: NodeJS.ProcessEnv, argv: readonly string[]): DeskArgs {
  const state = readState(defaultStateDir);
  const args: DeskArgs = { deskUrl: env.FIREDRILL_DESK_URL ?? `http://127.0.0.1:${state?.ports.desk ?? defaultPorts.desk}`, json: undefined, full: false, positional: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i] ?? '';
    const value = argv[i + 1];
    if (flag === '--desk' && value) args.deskUrl = value;
    else if (flag === '--json' && value !== undefined) args.json = value;
    else if (flag === '--schema') {
      args.full = true;
      continue;
    } else if (flag.startsWith('-')) throw new CliError(`unexpected option "${flag}"; run \`npx firedrill help tool\``);
    else {
      args.positional.push(flag);
      continue;
    }
    i += 1;
  }
  return args;
}

/** `firedrill tools [--schema]`: every tool with its arguments and one-line description. */
export async function listTools(proc: NodeJS.Process, args: DeskArgs): Promise<number> {
  const tools = await createDeskClient(args.deskUrl).listTools().catch((err: unknown) => {
    throw new CliError((err as Error).message);
  });
  if (args.full) {
    proc.stdout.write(`${JSON.stringify(tools, null, 2)}\n`);
    return 0;
  }
  for (const t of tools) {
    const schema = t.inputSchema as { properties?: Record<string, { type?: unknown }>; required?: string[] };
    const params = Object.entries(schema.properties ?? {}).map(([k, v]) => `${k}${schema.required?.includes(k) ? '' : '?'}${typeof v.type === 'string' ? `: ${v.type}` : ''}`);
    proc.stdout.write(`${t.name.padEnd(26)} ${t.kind === 'remediation' ? '[changes the lab] ' : ''}${t.description}\n${' '.repeat(27)}(${params.join(', ')})\n`);
  }
  proc.stdout.write(`\n${tools.length} tools at ${args.deskUrl}. Call one: npx firedrill tool <name> --json '{...}'\n`);
  return 0;
}

/** `firedrill tool <name> --json '{...}'`: one call, journaled by the desk as the CLI user's. */
export async function callTool(proc: NodeJS.Process, args: DeskArgs): Promise<number> {
  const name = args.positional[0];
  if (!name) throw new CliError('tool: which tool? `npx firedrill tools` lists them');
  let parsed: unknown = {};
  if (args.json !== undefined) {
    try {
      parsed = JSON.parse(args.json);
    } catch (err) {
      throw new CliError(`tool ${name}: --json is not valid JSON (${(err as Error).message}); e.g. --json '{"query":"up"}'`);
    }
  }
  const out = await createDeskClient(args.deskUrl).callTool(name, parsed, { kind: 'cli', name: who(), via: 'cli' });
  if (out.ok) {
    proc.stdout.write(`${JSON.stringify(out.result, null, 2)}\n`);
    return 0;
  }
  proc.stderr.write(`firedrill: ${name}: ${out.error.code}: ${out.error.message}\n`);
  return 1;
}

/**
 * `firedrill mcp`: an MCP server on stdio for agents, backed by the running desk. stdout
 * carries JSON-RPC only; anything else this process has to say goes to stderr.
 */
export async function serveMcpStdio(proc: NodeJS.Process, args: DeskArgs, version: string): Promise<number> {
  const server = createMcpServer(createDeskClient(args.deskUrl), { version, via: 'mcp-stdio' });
  const transport = new StdioServerTransport(proc.stdin, proc.stdout);
  await server.connect(transport);
  proc.stderr.write(`firedrill mcp: serving the desk at ${args.deskUrl} on stdio\n`);
  await new Promise<void>((resolve) => {
    transport.onclose = resolve;
    proc.stdin.on('end', resolve);
  });
  await server.close();
  return 0;
}

const COACH_MODES = ['off', 'warn', 'enforce'];

/** `firedrill coach [off|warn|enforce]`: shows or switches the process coach of the running desk. */
export async function coachMode(proc: NodeJS.Process, args: DeskArgs): Promise<number> {
  const [mode, extra] = args.positional;
  if (extra !== undefined || (mode !== undefined && !COACH_MODES.includes(mode))) {
    throw new CliError(`coach: expected one of ${COACH_MODES.join(', ')} (or nothing to show the mode); run \`npx firedrill help coach\``);
  }
  let res: Response;
  try {
    res = await fetch(`${args.deskUrl}/coach`, mode === undefined
      ? { signal: AbortSignal.timeout(10_000) }
      : { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode }), signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw new CliError(`the desk at ${args.deskUrl} is not answering (${(err as Error).message}); start the lab with \`make lab\``);
  }
  const body = (await res.json()) as { mode?: string; error?: { message: string } };
  if (!res.ok || !body.mode) throw new CliError(`coach: the desk answered ${res.status}: ${body.error?.message ?? JSON.stringify(body)}`);
  const meaning: Record<string, string> = {
    off: 'no process checks',
    warn: 'a fix without approval or data from two tools runs, and is recorded against the process',
    enforce: 'a fix without a coworker\'s approval in #incidents (or data from two tools) is refused with the reason',
  };
  proc.stdout.write(`process coach: ${body.mode} — ${meaning[body.mode] ?? ''}\n`);
  return 0;
}
