import { spawn, type ChildProcess } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { cli } from './lab.js';

/**
 * The SDK's stdio client transport, but over a child we spawn ourselves so the test keeps
 * every raw stdout line: `npx firedrill mcp` must write nothing there but JSON-RPC.
 */
export class RecordingStdioTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;
  readonly stdoutLines: string[] = [];
  stderr = '';
  private child: ChildProcess | undefined;
  private readonly buffer = new ReadBuffer();
  private partial = '';

  constructor(private readonly args: string[]) {}

  async start(): Promise<void> {
    const child = spawn(process.execPath, [cli, 'mcp', ...this.args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = this.partial + chunk.toString('utf8');
      const lines = text.split('\n');
      this.partial = lines.pop() ?? '';
      this.stdoutLines.push(...lines);
      this.buffer.append(chunk);
      for (let m = this.buffer.readMessage(); m; m = this.buffer.readMessage()) this.onmessage?.(m);
    });
    child.stderr?.on('data', (c: Buffer) => (this.stderr += c.toString('utf8')));
    child.on('error', (err) => this.onerror?.(err));
    child.on('close', () => this.onclose?.());
  }

  async send(message: JSONRPCMessage): Promise<void> {
    this.child?.stdin?.write(serializeMessage(message));
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin?.end();
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

export async function mcpOverHttp(deskUrl: string, name: string): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${deskUrl}/mcp`)));
  return client;
}

export async function mcpOverStdio(deskUrl: string, name: string): Promise<{ client: Client; transport: RecordingStdioTransport }> {
  const transport = new RecordingStdioTransport(['--desk', deskUrl]);
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

/** A tool result's JSON (the desk answers one text item of compact JSON). */
export function resultJson(result: { content?: unknown; isError?: boolean }): { isError: boolean; body: unknown } {
  const content = result.content as Array<{ type: string; text?: string }> | undefined;
  const text = content?.find((c) => c.type === 'text')?.text ?? 'null';
  return { isError: result.isError === true, body: JSON.parse(text) as unknown };
}
