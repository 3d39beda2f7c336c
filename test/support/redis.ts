import { Redis } from 'ioredis';
import { inject } from 'vitest';

/** A Redis URL pointing at a database no other test file uses (allocated in db 0). */
export async function freshRedisUrl(): Promise<string> {
  const base = inject('redisUrl');
  const admin = new Redis(`${base}/0`);
  try {
    const db = await admin.incr('test:next-db');
    if (db > 1023) throw new Error('test redis ran out of databases');
    return `${base}/${db}`;
  } finally {
    admin.disconnect();
  }
}
