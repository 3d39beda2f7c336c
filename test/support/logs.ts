import { Writable } from 'node:stream';

export interface LogRecord {
  level: string;
  msg: string;
  service: string;
  [key: string]: unknown;
}

/** A pino destination that keeps every JSON line, for assertions on log fields. */
export function memoryLog(): { stream: Writable; records: LogRecord[] } {
  const records: LogRecord[] = [];
  let partial = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      partial += chunk.toString('utf8');
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') records.push(JSON.parse(line) as LogRecord);
      done();
    },
  });
  return { stream, records };
}
