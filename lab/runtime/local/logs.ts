import { readFile } from 'node:fs/promises';
import type { LogQuery } from '../runtime.js';

/** Lines of a process log, newest last; `since` keeps JSON lines whose `time` is not earlier. */
export async function readLogLines(path: string, query: LogQuery = {}): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  let lines = text.split('\n').filter((l) => l !== '');
  if (query.since !== undefined) {
    // Epoch ms arrive as text through the control socket's query string.
    const since = typeof query.since === 'number' ? query.since : /^\d+$/.test(query.since) ? Number(query.since) : Date.parse(query.since);
    lines = lines.filter((line) => {
      const time = /"time":"([^"]+)"/.exec(line)?.[1];
      return time === undefined || Date.parse(time) >= since;
    });
  }
  return query.tail === undefined ? lines : lines.slice(-query.tail);
}
