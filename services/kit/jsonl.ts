import { readFileSync } from 'node:fs';

/**
 * The records of an append-only JSONL text. A line that does not parse is skipped: it can
 * only be the torn last line of a crash mid-write, and the records before it still stand.
 */
export function parseJsonl<T>(text: string): T[] {
  return text.split('\n').filter((l) => l.trim() !== '').flatMap((l) => {
    try {
      return [JSON.parse(l) as T];
    } catch {
      return [];
    }
  });
}

/** parseJsonl of a file; a file not written yet holds no records. */
export function readJsonl<T>(file: string): T[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return parseJsonl<T>(text);
}
